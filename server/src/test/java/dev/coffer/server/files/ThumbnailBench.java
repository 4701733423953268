package dev.coffer.server.files;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * What making a thumbnail costs ({@link ThumbnailImage#render}, in memory, no server): a
 * 12 MP photo-like JPEG, the same as PNG, a 38.5 MP JPEG, and a PNG whose header claims
 * 100,000 × 100,000 pixels. Not a test: run on demand, see docs/PERFORMANCE.md. The
 * images are written once into the directory given, so a second run (say with
 * {@code -Xmx64m}, naming one image) times the render alone.
 *
 * <pre>
 * java -cp … dev.coffer.server.files.ThumbnailBench /tmp/thumbnail-bench
 * java -Xmx64m -cp … dev.coffer.server.files.ThumbnailBench /tmp/thumbnail-bench large.jpg
 * </pre>
 */
public final class ThumbnailBench {

	private static final long MAX_PIXELS = 40_000_000;

	private ThumbnailBench() {
	}

	public static void main(String[] args) throws IOException {
		Path directory = Path.of((args.length > 0) ? args[0] : "target/thumbnail-bench");
		Files.createDirectories(directory);
		write(directory.resolve("photo.jpg"), 4000, 3000, "jpeg");
		write(directory.resolve("photo.png"), 4000, 3000, "png");
		write(directory.resolve("large.jpg"), 7000, 5500, "jpeg");
		Path bomb = directory.resolve("bomb.png");
		if (!Files.exists(bomb)) {
			Files.write(bomb, pngHeaderOnly(100_000, 100_000));
		}
		List<String> names = (args.length > 1) ? List.of(args[1])
				: List.of("photo.jpg", "photo.png", "large.jpg", "bomb.png");
		System.out.printf("Thumbnail benchmark, %s, %d processors, max heap %d MiB%n",
				System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
				Runtime.getRuntime().maxMemory() >> 20);
		for (String name : names) {
			time(directory.resolve(name));
		}
	}

	private static void time(Path image) throws IOException {
		byte[] content = Files.readAllBytes(image);
		PreviewType type = image.toString().endsWith(".png") ? PreviewType.PNG : PreviewType.JPEG;
		String result = "";
		long total = 0;
		int runs = 5;
		for (int run = -3; run < runs; run++) {
			long start = System.nanoTime();
			result = ThumbnailImage.render(new SeekableInMemoryByteChannel(content), type, MAX_PIXELS)
				.map((thumbnail) -> thumbnail.width() + " x " + thumbnail.height() + " " + thumbnail.contentType()
						+ ", " + thumbnail.bytes().length + " bytes")
				.orElse("none (refused)");
			if (run >= 0) {
				total += System.nanoTime() - start;
			}
		}
		System.out.printf("%-10s %,12d bytes  mean %8.2f ms of %d runs (3 warm-up)  -> %s%n", image.getFileName(),
				content.length, total / 1e6 / runs, runs, result);
	}

	/** A photo-like image: a gradient with noise, so it compresses as photos do. */
	private static void write(Path file, int width, int height, String format) throws IOException {
		if (Files.exists(file)) {
			return;
		}
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = image.createGraphics();
		graphics.setPaint(new GradientPaint(0, 0, new Color(30, 90, 160), width, height, new Color(230, 180, 60)));
		graphics.fillRect(0, 0, width, height);
		graphics.dispose();
		Random random = new Random(1);
		for (int y = 0; y < height; y += 2) {
			for (int x = 0; x < width; x += 2) {
				image.setRGB(x, y, image.getRGB(x, y) ^ (random.nextInt(16) * 0x010101));
			}
		}
		ImageIO.write(image, format, file.toFile());
	}

	/** A PNG of nothing but a header claiming {@code width} × {@code height} pixels. */
	private static byte[] pngHeaderOnly(int width, int height) {
		ByteArrayOutputStream png = new ByteArrayOutputStream();
		png.writeBytes(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' });
		ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2);
		chunk(png, "IHDR", header.put((byte) 0).put((byte) 0).put((byte) 0).array());
		chunk(png, "IEND", new byte[0]);
		return png.toByteArray();
	}

	private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
		png.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
		byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		png.writeBytes(typeBytes);
		png.writeBytes(data);
		CRC32 crc = new CRC32();
		crc.update(typeBytes);
		crc.update(data);
		png.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
	}

}
