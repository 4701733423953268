package dev.coffer.cli.command;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;
import dev.coffer.cli.e2e.FileKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackgroundEncryptionTest {

	/**
	 * Plaintext bytes in the first 1 MiB segment: 1 MiB less the 40-byte header and a
	 * tag.
	 */
	static final int FIRST_SEGMENT = 1024 * 1024 - 40 - 16;

	/** Plaintext bytes in each later segment: 1 MiB less its tag. */
	static final int SEGMENT = 1024 * 1024 - 16;

	@Test
	void segmentBoundaries_areWhereTheCiphertextGrowsByATag() {
		assertThat(FileKey.ciphertextSize(FIRST_SEGMENT) - FileKey.ciphertextSize(FIRST_SEGMENT - 1)).isEqualTo(1);
		assertThat(FileKey.ciphertextSize(FIRST_SEGMENT + 1) - FileKey.ciphertextSize(FIRST_SEGMENT)).isEqualTo(17);
		long second = FIRST_SEGMENT + SEGMENT;
		assertThat(FileKey.ciphertextSize(second + 1) - FileKey.ciphertextSize(second)).isEqualTo(17);
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, FIRST_SEGMENT - 1, FIRST_SEGMENT, FIRST_SEGMENT + 1, FIRST_SEGMENT + SEGMENT - 1,
			FIRST_SEGMENT + SEGMENT, FIRST_SEGMENT + SEGMENT + 1, 5 * 1024 * 1024 + 3 })
	void ciphertext_ofAKnownSize_hasTheComputedLength_andDecrypts(int size) throws Exception {
		byte[] plaintext = random(size);
		FileKey key = FileKey.generate();
		byte[] ciphertext;
		try (InputStream in = new BackgroundEncryption(key, new ByteArrayInputStream(plaintext), size, "f")) {
			ciphertext = in.readAllBytes();
		}
		assertThat((long) ciphertext.length).isEqualTo(FileKey.ciphertextSize(size));
		assertThat(key.decrypting(new ByteArrayInputStream(ciphertext)).readAllBytes()).isEqualTo(plaintext);
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, FIRST_SEGMENT + 1, 3 * 1024 * 1024 })
	void ciphertext_ofAnUnknownSize_decrypts(int size) throws Exception {
		byte[] plaintext = random(size);
		FileKey key = FileKey.generate();
		byte[] ciphertext;
		try (InputStream in = new BackgroundEncryption(key, new ByteArrayInputStream(plaintext), -1, "stdin")) {
			ciphertext = in.readAllBytes();
		}
		assertThat((long) ciphertext.length).isEqualTo(FileKey.ciphertextSize(size));
		assertThat(key.decrypting(new ByteArrayInputStream(ciphertext)).readAllBytes()).isEqualTo(plaintext);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 1000, FIRST_SEGMENT, 2 * 1024 * 1024 })
	void aPlaintextLongerThanItsSize_failsBeforeTheLastSegment(int size) {
		byte[] plaintext = random(size + 1);
		assertChangedSizeBeforeTheEnd(plaintext, size);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 1000, FIRST_SEGMENT + 1, 2 * 1024 * 1024 })
	void aPlaintextShorterThanItsSize_failsBeforeTheLastSegment(int size) {
		byte[] plaintext = random(size - 1);
		assertChangedSizeBeforeTheEnd(plaintext, size);
	}

	@Test
	void aPlaintextThatCannotBeRead_failsBeforeTheLastSegment() {
		int size = 3 * 1024 * 1024;
		InputStream failing = new InputStream() {
			private long read;

			@Override
			public int read() throws IOException {
				throw new IOException("disk gone");
			}

			@Override
			public int read(byte[] bytes, int offset, int length) throws IOException {
				if (this.read > 2 * 1024 * 1024) {
					throw new IOException("disk gone");
				}
				this.read += length;
				return length;
			}
		};
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		assertThatThrownBy(() -> {
			try (InputStream in = new BackgroundEncryption(FileKey.generate(), failing, size, "f")) {
				in.transferTo(received);
			}
		}).isInstanceOf(IOException.class).hasRootCauseMessage("disk gone");
		assertThat((long) received.size()).isLessThan(FileKey.ciphertextSize(size));
	}

	@Test
	void anAbandonedUpload_stopsTheEncryptingThread() throws Exception {
		InputStream endless = new InputStream() {
			@Override
			public int read() {
				return 0;
			}

			@Override
			public int read(byte[] bytes, int offset, int length) {
				return length;
			}
		};
		BackgroundEncryption in = new BackgroundEncryption(FileKey.generate(), endless, -1, "endless");
		assertThat(in.readNBytes(100_000)).hasSize(100_000);
		in.close();
		for (int i = 0; i < 100 && encryptingThreads() > 0; i++) {
			Thread.sleep(20);
		}
		assertThat(encryptingThreads()).isZero();
	}

	private static long encryptingThreads() {
		return Thread.getAllStackTraces().keySet().stream().filter((t) -> t.getName().equals("e2e-encryption")).count();
	}

	/**
	 * The ciphertext of a plaintext of another size than announced: a clear failure, and
	 * never as many bytes as the announced size's ciphertext (so the request they feed
	 * ends short and the server stores nothing).
	 */
	private static void assertChangedSizeBeforeTheEnd(byte[] plaintext, long size) {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		assertThatThrownBy(() -> {
			try (InputStream in = new BackgroundEncryption(FileKey.generate(), new ByteArrayInputStream(plaintext),
					size, "notes.txt")) {
				in.transferTo(received);
			}
		}).isInstanceOfSatisfying(CofferException.class,
				(ex) -> assertThat(ex.exitCode()).isEqualTo(ExitCodes.LOCAL_FILE))
			.hasMessageContaining("notes.txt changed size while it was encrypted and sent (it had " + size + " bytes)")
			.hasMessageContaining("nothing was stored");
		assertThat((long) received.size()).isLessThan(FileKey.ciphertextSize(size));
	}

	private static byte[] random(int size) {
		byte[] bytes = new byte[size];
		new Random(size).nextBytes(bytes);
		return bytes;
	}

}
