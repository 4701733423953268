package dev.coffer.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class HttpConnectionTest {

	private static InputStream stream(String text) {
		return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
	}

	@Test
	void readsStatusAndHeaders() throws IOException {
		HttpConnection.Response head = HttpConnection.readHead(stream(
				"HTTP/1.1 201 \r\nContent-Type: application/json\r\nVary: a\r\nvary: b\r\nConnection: close\r\n\r\nbody"));
		assertThat(head.status()).isEqualTo(201);
		assertThat(head.header("Content-Type")).isEqualTo("application/json");
		assertThat(head.header("vary")).isEqualTo("a, b");
		assertThat(head.header("connection")).isEqualTo("close");
	}

	@Test
	void decodesChunkedBodies() throws IOException {
		InputStream in = stream("5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nTrailer: x\r\n\r\nNEXT");
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		long length = HttpConnection.readChunked(in, new byte[3], body::write);
		assertThat(length).isEqualTo(12);
		assertThat(body.toString(StandardCharsets.ISO_8859_1)).isEqualTo("hello, world");
		assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("NEXT");
	}

	@Test
	void readsExactlyTheContentLength() throws IOException {
		InputStream in = stream("0123456789NEXT");
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		HttpConnection.readFixed(in, new byte[4], 10, body::write);
		assertThat(body.toString(StandardCharsets.ISO_8859_1)).isEqualTo("0123456789");
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> HttpConnection.readFixed(stream("short"), new byte[4], 10, (b, o, l) -> {
			}));
	}

	@Test
	void linesEndWithCrLfOrLf() throws IOException {
		InputStream in = stream("a\r\nb\nc");
		assertThat(HttpConnection.readLine(in)).isEqualTo("a");
		assertThat(HttpConnection.readLine(in)).isEqualTo("b");
		assertThat(HttpConnection.readLine(in)).isEqualTo("c");
		assertThat(HttpConnection.readLine(in)).isNull();
	}

}
