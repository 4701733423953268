package dev.coffer.cli.command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The second thread of a download: it hashes what the reading thread hands over and
 * writes it to the file, in order, and a write that fails reaches the reading thread
 * instead of leaving it waiting for a buffer.
 */
@Timeout(30)
class BackgroundSha256Test {

	@Test
	void hashesAndWritesEveryBuffer_inOrder() throws Exception {
		byte[] content = new byte[10 * 1000 + 7];
		new Random(7).nextBytes(content);
		ByteArrayOutputStream sink = new ByteArrayOutputStream();
		String hex;
		try (BackgroundSha256 sha256 = new BackgroundSha256(1000, 3, sink)) {
			for (int offset = 0; offset < content.length; offset += 1000) {
				byte[] buffer = sha256.buffer();
				int n = Math.min(1000, content.length - offset);
				System.arraycopy(content, offset, buffer, 0, n);
				sha256.update(buffer, n);
			}
			hex = sha256.hex();
		}
		assertThat(sink.toByteArray()).isEqualTo(content);
		assertThat(hex).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
	}

	@Test
	void aFailedWrite_reachesTheReadingThread_asCannotWriteTheDownload() throws Exception {
		IOException full = new IOException("No space left on device");
		OutputStream failing = new OutputStream() {
			@Override
			public void write(int b) throws IOException {
				throw full;
			}

			@Override
			public void write(byte[] b, int off, int len) throws IOException {
				throw full;
			}
		};
		try (BackgroundSha256 sha256 = new BackgroundSha256(1000, 2, failing)) {
			// The reading thread goes on handing over buffers until the failure reaches
			// it: never blocked for good on a buffer the second thread no longer returns.
			assertThatThrownBy(() -> {
				for (int i = 0; i < 100; i++) {
					sha256.update(sha256.buffer(), 1000);
				}
			}).isInstanceOf(UncheckedIOException.class).hasMessage("Cannot write the download").hasCause(full);
			assertThatThrownBy(sha256::hex).isInstanceOf(UncheckedIOException.class).hasCause(full);
		}
	}

}
