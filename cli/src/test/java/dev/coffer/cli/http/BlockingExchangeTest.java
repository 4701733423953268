package dev.coffer.cli.http;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** How {@link BlockingExchange} reads the body that follows an answer's head. */
class BlockingExchangeTest {

	@Test
	void aBodyOfAContentLength_endsThere_leavingWhatFollows() throws IOException {
		InputStream in = stream("hello, world and more");
		assertThat(BlockingExchange.body(in, headers("Content-Length", "12"), "GET").readAllBytes())
			.isEqualTo("hello, world".getBytes(StandardCharsets.US_ASCII));
	}

	@Test
	void aBodyCutShortOfItsContentLength_isAnError_notAnEnd() {
		InputStream body = bodyOf("Content-Length", "100", "only 20 bytes here..");
		assertThatExceptionOfType(EOFException.class).isThrownBy(body::readAllBytes);
	}

	@Test
	void aChunkedBody_isDecoded_withExtensionsAndTrailersSkipped() throws IOException {
		InputStream body = bodyOf("Transfer-Encoding", "chunked",
				"5;name=value\r\nhello\r\n7\r\n, world\r\n0\r\nTrailer: x\r\n\r\n");
		assertThat(new String(body.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello, world");
	}

	@Test
	void aChunkedBodyCutShort_isAnError() {
		InputStream body = bodyOf("Transfer-Encoding", "chunked", "a\r\nhello");
		assertThatExceptionOfType(EOFException.class).isThrownBy(body::readAllBytes);
	}

	@Test
	void aBadChunkSize_isAnError() {
		InputStream body = bodyOf("Transfer-Encoding", "chunked", "zz\r\nhello\r\n0\r\n\r\n");
		assertThatExceptionOfType(IOException.class).isThrownBy(body::readAllBytes).withMessageContaining("chunk");
	}

	@Test
	void aHeadAnswer_hasNoBody_whateverItsContentLength() throws IOException {
		InputStream in = stream("not a body");
		assertThat(BlockingExchange.body(in, headers("Content-Length", "1000"), "HEAD").read()).isEqualTo(-1);
	}

	@Test
	void aHeadLine_endsAtCrLf_orAtABareLf() throws IOException {
		InputStream in = stream("HTTP/1.1 200 OK\r\nETag: \"x\"\n\r\n");
		assertThat(BlockingExchange.readLine(in)).isEqualTo("HTTP/1.1 200 OK");
		assertThat(BlockingExchange.readLine(in)).isEqualTo("ETag: \"x\"");
		assertThat(BlockingExchange.readLine(in)).isEmpty();
	}

	private static InputStream bodyOf(String header, String value, String bytes) {
		try {
			return BlockingExchange.body(stream(bytes), headers(header, value), "GET");
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
	}

	private static InputStream stream(String text) {
		return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
	}

	private static HttpHeaders headers(String name, String value) {
		return HttpHeaders.of(Map.of(name, List.of(value)), (n, v) -> true);
	}

}
