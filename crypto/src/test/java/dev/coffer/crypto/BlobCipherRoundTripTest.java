package dev.coffer.crypto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

class BlobCipherRoundTripTest {

	private static final int MIB = 1 << 20;

	private static final String BLOB = "round-trip";

	private final DataKey key = DataKey.generate();

	BlobCipherRoundTripTest() throws CryptoException {
	}

	/** 0, 1, and ±1 around where segments really end and around exact MiB multiples. */
	static IntStream sizes() {
		IntStream.Builder sizes = IntStream.builder();
		sizes.add(0).add(1).add(2).add(4096);
		for (int segment = 1; segment <= 3; segment++) {
			int boundary = Parts.FIRST_SEGMENT_END + (segment - 1) * BlobCipher.PLAINTEXT_SEGMENT_SIZE;
			for (int delta = -1; delta <= 1; delta++) {
				sizes.add(boundary + delta).add(segment * MIB + delta);
			}
		}
		return sizes.build();
	}

	@ParameterizedTest(name = "{0} bytes")
	@MethodSource("sizes")
	void roundTrip_throughStreamAndSeekableChannel_returnsThePlaintext(int size) throws Exception {
		byte[] plaintext = Parts.plaintext(size, size);
		byte[] ciphertext = Parts.encrypt(this.key, BLOB, 3, plaintext);

		assertThat((long) ciphertext.length).isEqualTo(BlobCipher.ciphertextSize(size));
		assertThat(Parts.decryptStream(this.key, BLOB, 3, ciphertext)).isEqualTo(plaintext);
		assertThat(Parts.decryptChannel(this.key, BLOB, 3, ciphertext)).isEqualTo(plaintext);
		try (SeekableByteChannel channel = Parts.CIPHER.newSeekableDecryptingChannel(this.key, BLOB, 3,
				new ByteArrayChannel(ciphertext))) {
			assertThat(channel.size()).isEqualTo(size);
			assertRandomReadsMatch(channel, new SplittableRandom(size), 20, plaintext.length, (offset, length) -> Arrays
				.copyOfRange(plaintext, (int) offset, (int) Math.min(offset + length, size)));
		}
	}

	@Test
	void roundTrip_ofSingleByteAndOddSizedWrites_returnsThePlaintext() throws Exception {
		byte[] plaintext = Parts.plaintext(Parts.FIRST_SEGMENT_END + 5000, 7);
		ByteArrayOutputStream ciphertext = new ByteArrayOutputStream();
		SplittableRandom random = new SplittableRandom(7);
		try (OutputStream out = Parts.CIPHER.newEncryptingStream(this.key, BLOB, 0, ciphertext)) {
			int offset = 0;
			while (offset < plaintext.length) {
				if (random.nextInt(4) == 0) {
					out.write(plaintext[offset++]);
				}
				else {
					int length = Math.min(random.nextInt(1, 300_000), plaintext.length - offset);
					out.write(plaintext, offset, length);
					offset += length;
				}
			}
		}
		assertThat((long) ciphertext.size()).isEqualTo(BlobCipher.ciphertextSize(plaintext.length));
		assertThat(Parts.decryptStream(this.key, BLOB, 0, ciphertext.toByteArray())).isEqualTo(plaintext);
	}

	@Test
	void roundTrip_of100MiB_streamedThroughAFile_returnsThePlaintext(@TempDir Path directory) throws Exception {
		long size = 100L * MIB;
		Path part = directory.resolve("part");
		try (OutputStream out = Parts.CIPHER.newEncryptingStream(this.key, BLOB, 1, Files.newOutputStream(part))) {
			new GeneratedPlaintext(size).transferTo(out);
		}
		assertThat(Files.size(part)).isEqualTo(BlobCipher.ciphertextSize(size));

		try (InputStream in = Parts.CIPHER.newDecryptingStream(this.key, BLOB, 1, Files.newInputStream(part))) {
			assertSameContent(in, new GeneratedPlaintext(size));
		}
		try (SeekableByteChannel channel = Parts.CIPHER.newSeekableDecryptingChannel(this.key, BLOB, 1,
				FileChannel.open(part))) {
			assertThat(channel.size()).isEqualTo(size);
			assertRandomReadsMatch(channel, new SplittableRandom(100), 40, size,
					(offset, length) -> GeneratedPlaintext.bytesAt(offset, (int) Math.min(length, size - offset)));
			assertThat(Parts.readAt(channel, size - 10, 100)).hasSize(10);
			assertThat(Parts.readAt(channel, size, 10)).isEmpty();
		}
	}

	private static void assertRandomReadsMatch(SeekableByteChannel channel, SplittableRandom random, int reads,
			long size, Expected expected) throws IOException {
		for (int i = 0; i < reads; i++) {
			long offset = (size == 0) ? 0 : random.nextLong(size);
			int length = random.nextInt(1, 3 * MIB);
			assertThat(Parts.readAt(channel, offset, length)).as("read of %d bytes at %d", length, offset)
				.isEqualTo(expected.bytes(offset, length));
		}
	}

	private static void assertSameContent(InputStream actual, InputStream expected) throws IOException {
		byte[] actualBuffer = new byte[1 << 16];
		byte[] expectedBuffer = new byte[1 << 16];
		long position = 0;
		while (true) {
			int expectedCount = expected.readNBytes(expectedBuffer, 0, expectedBuffer.length);
			int actualCount = actual.readNBytes(actualBuffer, 0, expectedBuffer.length);
			assertThat(actualCount).as("bytes at %d", position).isEqualTo(expectedCount);
			if (expectedCount == 0) {
				return;
			}
			assertThat(Arrays.equals(actualBuffer, 0, actualCount, expectedBuffer, 0, expectedCount))
				.as("bytes at %d match", position)
				.isTrue();
			position += actualCount;
		}
	}

	@FunctionalInterface
	private interface Expected {

		byte[] bytes(long offset, int length);

	}

	/**
	 * Reproducible plaintext computed from the position, so 100 MiB never sits in memory.
	 */
	private static final class GeneratedPlaintext extends InputStream {

		private final long size;

		private long position;

		GeneratedPlaintext(long size) {
			this.size = size;
		}

		static byte[] bytesAt(long offset, int length) {
			byte[] bytes = new byte[length];
			fill(bytes, 0, length, offset);
			return bytes;
		}

		private static void fill(byte[] bytes, int offset, int length, long position) {
			for (int i = 0; i < length; i++) {
				long p = position + i;
				long word = (p >>> 3) * 0x9E3779B97F4A7C15L;
				word ^= word >>> 29;
				bytes[offset + i] = (byte) (word >>> ((p & 7) * 8));
			}
		}

		@Override
		public int read() {
			byte[] single = new byte[1];
			return (read(single, 0, 1) < 0) ? -1 : single[0] & 0xff;
		}

		@Override
		public int read(byte[] bytes, int offset, int length) {
			if (this.position >= this.size) {
				return -1;
			}
			int count = (int) Math.min(length, this.size - this.position);
			fill(bytes, offset, count, this.position);
			this.position += count;
			return count;
		}

	}

}
