package dev.coffer.server.files;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

import dev.coffer.server.storage.EncryptedBlobs;

/**
 * What kind of preview a version's content allows, decided from its first bytes (magic
 * numbers), never from its name: the kinds a browser shows by itself and that are safe to
 * show under {@code Content-Security-Policy: sandbox}, each with the one
 * {@code Content-Type} the server sends for it. Everything else, HTML, SVG and XML
 * included, is {@link #NONE}: download only.
 */
public enum PreviewType {

	PNG("image/png"), JPEG("image/jpeg"), GIF("image/gif"), WEBP("image/webp"), PDF("application/pdf"),
	TEXT("text/plain;charset=UTF-8"), MP4("video/mp4"), WEBM("video/webm"),
	/** Not previewed: download only. */
	NONE(null);

	/** How many first bytes {@link #detect} looks at (text is judged by these). */
	public static final int HEAD_SIZE = EncryptedBlobs.HEAD_SIZE;

	private static final byte[] PNG_MAGIC = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };

	private static final byte[] JPEG_MAGIC = { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF };

	private static final byte[] EBML_MAGIC = { 0x1A, 0x45, (byte) 0xDF, (byte) 0xA3 };

	/** ISO base media brands that browsers play as MP4 (not QuickTime, not HEIF). */
	private static final Set<String> MP4_BRANDS = Set.of("isom", "iso2", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1",
			"M4V ", "dash", "mmp4");

	private final String contentType;

	PreviewType(String contentType) {
		this.contentType = contentType;
	}

	/** The Content-Type the preview is sent with; null for {@link #NONE}. */
	public String contentType() {
		return this.contentType;
	}

	public boolean isImage() {
		return this == PNG || this == JPEG || this == GIF || this == WEBP;
	}

	public boolean isVideo() {
		return this == MP4 || this == WEBM;
	}

	/**
	 * Shown by the PDF viewer page ({@link PdfViewerController}) rather than by the
	 * browser: browsers' own PDF viewers do not run in the preview's sandbox.
	 */
	public boolean isPdf() {
		return this == PDF;
	}

	/**
	 * The preview type of content that starts with {@code head} (its first
	 * {@link #HEAD_SIZE} bytes, or all of it if shorter).
	 */
	public static PreviewType detect(byte[] head) {
		if (startsWith(head, 0, PNG_MAGIC)) {
			return PNG;
		}
		if (startsWith(head, 0, JPEG_MAGIC)) {
			return JPEG;
		}
		if (startsWith(head, 0, ascii("GIF87a")) || startsWith(head, 0, ascii("GIF89a"))) {
			return GIF;
		}
		if (startsWith(head, 0, ascii("RIFF")) && startsWith(head, 8, ascii("WEBP"))) {
			return WEBP;
		}
		if (startsWith(head, 0, ascii("%PDF-"))) {
			return PDF;
		}
		if (head.length >= 12 && startsWith(head, 4, ascii("ftyp"))
				&& MP4_BRANDS.contains(new String(head, 8, 4, StandardCharsets.ISO_8859_1))) {
			return MP4;
		}
		if (startsWith(head, 0, EBML_MAGIC)
				&& indexOf(Arrays.copyOf(head, Math.min(head.length, 64)), ascii("webm")) >= 0) {
			return WEBM;
		}
		return isPlainText(head) ? TEXT : NONE;
	}

	/**
	 * UTF-8 (a sequence cut by the end of the head allowed) without control characters
	 * other than tab, line feed, form feed and carriage return, and not markup: text
	 * whose first visible character is {@code <} may be HTML, SVG or XML, which stay
	 * download only.
	 */
	private static boolean isPlainText(byte[] head) {
		if (head.length == 0) {
			return false;
		}
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		String text;
		try {
			// Up to 3 bytes may be the start of a character the head cut in two.
			text = decodeAllowingCutEnd(decoder, head);
		}
		catch (CharacterCodingException ex) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\f' && c != '\r') {
				return false;
			}
		}
		String visible = text.replace("\uFEFF", "").strip();
		return !visible.isEmpty() && visible.charAt(0) != '<';
	}

	private static String decodeAllowingCutEnd(CharsetDecoder decoder, byte[] head) throws CharacterCodingException {
		CharacterCodingException failure = null;
		for (int cut = 0; cut <= Math.min(3, head.length - 1); cut++) {
			try {
				return decoder.reset().decode(ByteBuffer.wrap(head, 0, head.length - cut)).toString();
			}
			catch (CharacterCodingException ex) {
				if (head.length < HEAD_SIZE) {
					throw ex; // the whole content: nothing was cut
				}
				failure = ex;
			}
		}
		throw failure;
	}

	private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
		return bytes.length >= offset + prefix.length
				&& Arrays.equals(bytes, offset, offset + prefix.length, prefix, 0, prefix.length);
	}

	private static int indexOf(byte[] bytes, byte[] part) {
		for (int i = 0; i + part.length <= bytes.length; i++) {
			if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
				return i;
			}
		}
		return -1;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
