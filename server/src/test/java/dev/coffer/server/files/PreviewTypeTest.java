package dev.coffer.server.files;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Preview types told from content alone. */
class PreviewTypeTest {

	static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };

	@Test
	void imagesPdfAndVideo_areToldByTheirMagicBytes() {
		assertThat(PreviewType.detect(PNG)).isEqualTo(PreviewType.PNG);
		assertThat(PreviewType.detect(bytes(0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10))).isEqualTo(PreviewType.JPEG);
		assertThat(PreviewType.detect(ascii("GIF89a\u0001\u0000"))).isEqualTo(PreviewType.GIF);
		assertThat(PreviewType.detect(ascii("GIF87a\u0001\u0000"))).isEqualTo(PreviewType.GIF);
		assertThat(PreviewType.detect(ascii("RIFF\u0024\u0000\u0000\u0000WEBPVP8 "))).isEqualTo(PreviewType.WEBP);
		assertThat(PreviewType.detect(ascii("%PDF-1.7\n%\u00e2\u00e3"))).isEqualTo(PreviewType.PDF);
		assertThat(PreviewType.detect(ascii("\u0000\u0000\u0000\u0020ftypisom\u0000\u0000\u0002\u0000")))
			.isEqualTo(PreviewType.MP4);
		byte[] webm = concat(bytes(0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84),
				ascii("webm"));
		assertThat(PreviewType.detect(webm)).isEqualTo(PreviewType.WEBM);
	}

	@Test
	void lookalikes_thatBrowsersWouldNotShowAsThat_areNotPreviewed() {
		// QuickTime and HEIF are ISO base media too, but not MP4 a browser plays.
		assertThat(PreviewType.detect(ascii("\u0000\u0000\u0000\u0014ftypqt  \u0000\u0000")))
			.isEqualTo(PreviewType.NONE);
		assertThat(PreviewType.detect(ascii("\u0000\u0000\u0000\u0018ftypheic\u0000\u0000")))
			.isEqualTo(PreviewType.NONE);
		// Matroska that is not WebM.
		byte[] mkv = concat(bytes(0x1A, 0x45, 0xDF, 0xA3, 0xA3, 0x42, 0x82, 0x88), ascii("matroska"));
		assertThat(PreviewType.detect(mkv)).isEqualTo(PreviewType.NONE);
		assertThat(PreviewType.detect(ascii("RIFF\u0024\u0000\u0000\u0000WAVEfmt "))).isEqualTo(PreviewType.NONE);
	}

	@Test
	void markup_isNeverText_evenAfterWhitespaceOrAByteOrderMark() {
		assertThat(PreviewType.detect(ascii("<!DOCTYPE html><script>alert(1)</script>"))).isEqualTo(PreviewType.NONE);
		assertThat(PreviewType.detect(utf8("\uFEFF  \n<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"x()\"/>")))
			.isEqualTo(PreviewType.NONE);
		assertThat(PreviewType.detect(ascii("<?xml version=\"1.0\"?><a/>"))).isEqualTo(PreviewType.NONE);
	}

	@Test
	void utf8Text_isText_butBinaryOrControlCharactersAreNot() {
		assertThat(PreviewType.detect(utf8("Grüße, 日本語\r\n\tand more\f"))).isEqualTo(PreviewType.TEXT);
		assertThat(PreviewType.detect(utf8("a > b, and <b> later is fine"))).isEqualTo(PreviewType.TEXT);
		assertThat(PreviewType.detect(bytes('a', 0xC3, 'b'))).isEqualTo(PreviewType.NONE); // malformed
		assertThat(PreviewType.detect(bytes('a', 0, 'b'))).isEqualTo(PreviewType.NONE); // NUL
		assertThat(PreviewType.detect(bytes('a', 0x1B, '[', '3', '1', 'm'))).isEqualTo(PreviewType.NONE); // ESC
		assertThat(PreviewType.detect(utf8("   \n"))).isEqualTo(PreviewType.NONE); // nothing
																					// to
																					// see
		assertThat(PreviewType.detect(new byte[0])).isEqualTo(PreviewType.NONE);
	}

	@Test
	void text_cutInTheMiddleOfACharacterByTheHead_isStillText_butNotWhenThatIsTheWholeContent() {
		byte[] head = new byte[PreviewType.HEAD_SIZE];
		Arrays.fill(head, (byte) 'x');
		byte[] euro = utf8("€"); // three bytes
		head[head.length - 2] = euro[0];
		head[head.length - 1] = euro[1];
		assertThat(PreviewType.detect(head)).isEqualTo(PreviewType.TEXT);
		assertThat(PreviewType.detect(Arrays.copyOf(head, head.length - 1))).isEqualTo(PreviewType.NONE);
	}

	private static byte[] bytes(int... values) {
		byte[] bytes = new byte[values.length];
		for (int i = 0; i < values.length; i++) {
			bytes[i] = (byte) values[i];
		}
		return bytes;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] both = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		return both;
	}

}
