package dev.coffer.server.files;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.util.Optional;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import dev.coffer.crypto.BlobIntegrityException;

/**
 * A thumbnail made of an image: at most {@value #MAX_SIDE} pixels on its longer side, PNG
 * if the image has transparency, JPEG otherwise, all in memory.
 * <p>
 * Made without ever decoding an image too large to hold: its width and height are read
 * from its header first, and an image of more pixels than allowed (a decompression bomb
 * is a small file that claims a huge size) is refused before a pixel is decoded. The rest
 * is decoded with subsampling, keeping about every n-th pixel, so the decoded image is at
 * most about twice the thumbnail's size on each side whatever the original's. Nothing is
 * written to a disk: the JDK's image streams would cache in a temporary file, so the
 * streams here are a channel ({@link ChannelImageInputStream}) and memory.
 */
record ThumbnailImage(byte[] bytes, String contentType, int width, int height) {

	static final int MAX_SIDE = 256;

	private static final float JPEG_QUALITY = 0.85f;

	/** Whether thumbnails can be made of content of this type. */
	static boolean canRender(PreviewType type) {
		return type.isImage() && ImageIO.getImageReadersByMIMEType(type.contentType()).hasNext();
	}

	/**
	 * The thumbnail of the image in {@code content}, or empty if there is none: no reader
	 * for its type (WebP, without a plugin), more than {@code maxPixels} pixels, or
	 * content that does not decode.
	 * @param type the content's preview type, an image
	 * @throws IOException if reading the content fails (not if it is malformed)
	 * @throws BlobIntegrityException if the content fails authentication
	 */
	static Optional<ThumbnailImage> render(SeekableByteChannel content, PreviewType type, long maxPixels)
			throws IOException {
		if (!canRender(type)) {
			return Optional.empty();
		}
		ImageReader reader = ImageIO.getImageReadersByMIMEType(type.contentType()).next();
		try (ImageInputStream in = new ChannelImageInputStream(content)) {
			reader.setInput(in, true, true);
			long width = reader.getWidth(0);
			long height = reader.getHeight(0);
			if (width <= 0 || height <= 0 || width * height > maxPixels) {
				return Optional.empty();
			}
			ImageReadParam param = reader.getDefaultReadParam();
			int step = (int) Math.max(1, Math.max(width, height) / (2 * MAX_SIDE));
			param.setSourceSubsampling(step, step, 0, 0);
			return Optional.of(encode(scale(reader.read(0, param))));
		}
		catch (javax.imageio.IIOException | RuntimeException ex) {
			// Readers wrap what the stream throws: content that failed authentication is
			// not a malformed image.
			for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
				if (cause instanceof BlobIntegrityException integrity) {
					throw integrity;
				}
			}
			// Malformed or unsupported content (readers throw all kinds of runtime
			// exceptions on it): no thumbnail, as for any file that is not an image.
			return Optional.empty();
		}
		finally {
			reader.dispose();
		}
	}

	/** Halves the image until one more halving would go below the thumbnail's size. */
	private static BufferedImage scale(BufferedImage image) {
		boolean alpha = image.getColorModel().hasAlpha();
		int width = image.getWidth();
		int height = image.getHeight();
		double ratio = Math.min(1.0, (double) MAX_SIDE / Math.max(width, height));
		int targetWidth = Math.max(1, (int) Math.round(width * ratio));
		int targetHeight = Math.max(1, (int) Math.round(height * ratio));
		BufferedImage current = image;
		do {
			width = Math.max(targetWidth, width / 2);
			height = Math.max(targetHeight, height / 2);
			BufferedImage next = new BufferedImage(width, height,
					alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
			Graphics2D graphics = next.createGraphics();
			try {
				graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
						RenderingHints.VALUE_INTERPOLATION_BILINEAR);
				graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
				graphics.drawImage(current, 0, 0, width, height, null);
			}
			finally {
				graphics.dispose();
			}
			current = next;
		}
		while (width != targetWidth || height != targetHeight);
		return current;
	}

	private static ThumbnailImage encode(BufferedImage image) throws IOException {
		boolean alpha = image.getColorModel().hasAlpha();
		ImageWriter writer = ImageIO.getImageWritersByFormatName(alpha ? "png" : "jpeg").next();
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
			writer.setOutput(out);
			ImageWriteParam param = writer.getDefaultWriteParam();
			if (!alpha) {
				param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
				param.setCompressionQuality(JPEG_QUALITY);
			}
			writer.write(null, new IIOImage(image, null, null), param);
		}
		finally {
			writer.dispose();
		}
		return new ThumbnailImage(bytes.toByteArray(), (alpha ? PreviewType.PNG : PreviewType.JPEG).contentType(),
				image.getWidth(), image.getHeight());
	}

}
