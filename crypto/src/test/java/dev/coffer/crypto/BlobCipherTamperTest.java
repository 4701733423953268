package dev.coffer.crypto;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every modification of a part must fail to decrypt; none may yield plaintext. */
class BlobCipherTamperTest {

	private static final int SEGMENT = BlobCipher.CIPHERTEXT_SEGMENT_SIZE;

	private static final String BLOB = "blob-a";

	private static DataKey key;

	/** Segments 0, 1 and 2 full, segment 3 partial. */
	private static byte[] plaintext;

	private static byte[] ciphertext;

	@BeforeAll
	static void encryptFixture() throws Exception {
		key = DataKey.generate();
		plaintext = Parts.plaintext(Parts.FIRST_SEGMENT_END + 2 * BlobCipher.PLAINTEXT_SEGMENT_SIZE + 300_000, 1);
		ciphertext = Parts.encrypt(key, BLOB, 0, plaintext);
		assertThat(ciphertext.length).isBetween(3 * SEGMENT + 1, 4 * SEGMENT - 1);
	}

	@Test
	void decrypt_afterFlippingAnyHeaderBit_fails() {
		for (int bit = 0; bit < BlobCipher.HEADER_LENGTH * 8; bit++) {
			assertRejected(flipped(bit), "header bit " + bit);
		}
	}

	@Test
	void decrypt_afterFlippingSampledBitsOfEverySegment_fails() {
		SplittableRandom random = new SplittableRandom(2);
		for (int segment = 0; segment < 4; segment++) {
			long start = (segment == 0) ? BlobCipher.HEADER_LENGTH : (long) segment * SEGMENT;
			long end = Math.min((long) (segment + 1) * SEGMENT, ciphertext.length);
			long[] bits = { start * 8, start * 8 + 7, end * 8 - 1, (end - BlobCipher.TAG_SIZE) * 8,
					(end - BlobCipher.TAG_SIZE) * 8 - 1, random.nextLong(start * 8, end * 8),
					random.nextLong(start * 8, end * 8), random.nextLong(start * 8, end * 8) };
			for (long bit : bits) {
				assertRejected(flipped(bit), "segment " + segment + " bit " + bit);
			}
		}
	}

	@Test
	void decrypt_afterTruncation_fails() {
		int[] lengths = { 0, 1, BlobCipher.HEADER_LENGTH - 1, BlobCipher.HEADER_LENGTH,
				BlobCipher.HEADER_LENGTH + BlobCipher.TAG_SIZE, SEGMENT / 2, SEGMENT - 1, SEGMENT, SEGMENT + 17,
				SEGMENT + SEGMENT / 2, 2 * SEGMENT, 3 * SEGMENT, 3 * SEGMENT + 17, ciphertext.length - 17,
				ciphertext.length - 16, ciphertext.length - 1 };
		for (int length : lengths) {
			assertRejected(Arrays.copyOf(ciphertext, length), "truncated to " + length);
		}
	}

	@Test
	void decrypt_afterDroppingTheWholeLastSegment_fails() {
		assertRejected(Arrays.copyOf(ciphertext, 3 * SEGMENT), "without its last segment");
	}

	@Test
	void decrypt_afterAppendingBytes_fails() {
		byte[] lastSegment = Arrays.copyOfRange(ciphertext, 3 * SEGMENT, ciphertext.length);
		assertRejected(concat(ciphertext, new byte[1]), "one byte appended");
		assertRejected(concat(ciphertext, new byte[16]), "a tag's length appended");
		assertRejected(concat(ciphertext, new byte[SEGMENT]), "a segment's length appended");
		assertRejected(concat(ciphertext, lastSegment), "last segment repeated");
	}

	@Test
	void decrypt_afterReorderingOrRepeatingSegments_fails() {
		byte[] swapped = ciphertext.clone();
		System.arraycopy(ciphertext, 2 * SEGMENT, swapped, SEGMENT, SEGMENT);
		System.arraycopy(ciphertext, SEGMENT, swapped, 2 * SEGMENT, SEGMENT);
		assertRejected(swapped, "segments 1 and 2 swapped");
		byte[] repeated = ciphertext.clone();
		System.arraycopy(ciphertext, SEGMENT, repeated, 2 * SEGMENT, SEGMENT);
		assertRejected(repeated, "segment 1 repeated as segment 2");
	}

	@Test
	void decrypt_ofAPartUnderAnotherPartNumber_fails() throws Exception {
		byte[] part1 = Parts.encrypt(key, BLOB, 1, Parts.plaintext(5000, 3));
		assertThat(Parts.decryptStream(key, BLOB, 1, part1)).hasSize(5000);
		assertRejected(part1, BLOB, 0, "part 1 read as part 0");
		assertRejected(ciphertext, BLOB, 1, "part 0 read as part 1");
	}

	@Test
	void decrypt_ofAPartMovedUnderAnotherBlob_fails() {
		assertRejected(ciphertext, "blob-b", 0, "part moved to another blob");
	}

	@Test
	void decrypt_withAnotherDataKey_fails() throws Exception {
		DataKey other = DataKey.generate();
		assertThatThrownBy(() -> Parts.decryptStream(other, BLOB, 0, ciphertext))
			.isInstanceOf(BlobIntegrityException.class);
		assertThatThrownBy(() -> Parts.decryptChannel(other, BLOB, 0, ciphertext))
			.isInstanceOf(BlobIntegrityException.class);
	}

	@Test
	void seekableRead_authenticatesOnlyTheSegmentsItTouches() throws Exception {
		byte[] tampered = flipped(2L * SEGMENT * 8 + 1000);
		try (SeekableByteChannel channel = Parts.CIPHER.newSeekableDecryptingChannel(key, BLOB, 0,
				new ByteArrayChannel(tampered))) {
			assertThat(Parts.readAt(channel, 10, 1000)).isEqualTo(Arrays.copyOfRange(plaintext, 10, 1010));
			assertThatThrownBy(() -> Parts.readAt(channel, 2L * Parts.FIRST_SEGMENT_END + 100, 10))
				.isInstanceOf(BlobIntegrityException.class);
			assertThatThrownBy(() -> Parts.readAt(channel, 0, 10)).as("no reads after a failure")
				.isInstanceOf(IOException.class);
		}
	}

	@Test
	void stream_afterAFailure_refusesFurtherReads() throws Exception {
		try (InputStream in = Parts.CIPHER.newDecryptingStream(key, BLOB, 0,
				new ByteArrayInputStream(flipped(SEGMENT * 8L + 5)))) {
			assertThat(in.readNBytes(1000)).isEqualTo(Arrays.copyOf(plaintext, 1000));
			assertThatThrownBy(in::readAllBytes).isInstanceOf(BlobIntegrityException.class);
			assertThatThrownBy(in::read).isInstanceOf(IOException.class);
		}
	}

	@Test
	void sourceFailure_surfacesAsPlainIOException_notAsIntegrityFailure() throws Exception {
		IOException diskError = new IOException("disk on fire");
		InputStream failing = new FilterInputStream(new ByteArrayInputStream(ciphertext, 0, SEGMENT + 100)) {

			@Override
			public int read(byte[] buffer, int offset, int length) throws IOException {
				int read = super.read(buffer, offset, length);
				if (read < 0) {
					throw diskError;
				}
				return read;
			}

		};
		try (InputStream in = Parts.CIPHER.newDecryptingStream(key, BLOB, 0, failing)) {
			assertThatThrownBy(in::readAllBytes).isSameAs(diskError);
		}
		try (SeekableByteChannel channel = Parts.CIPHER.newSeekableDecryptingChannel(key, BLOB, 0,
				new FailingChannel(ciphertext, diskError))) {
			assertThatThrownBy(() -> Parts.readAt(channel, 0, 10)).isSameAs(diskError);
		}
	}

	private static void assertRejected(byte[] tampered, String what) {
		assertRejected(tampered, BLOB, 0, what);
	}

	private static void assertRejected(byte[] tampered, String blobId, int part, String what) {
		assertFailsAuthentication(() -> Parts.decryptStream(key, blobId, part, tampered), what + " (stream)");
		assertFailsAuthentication(() -> Parts.decryptChannel(key, blobId, part, tampered), what + " (channel)");
	}

	private static void assertFailsAuthentication(ThrowingCallable decryption, String what) {
		assertThatThrownBy(decryption).as(what).isInstanceOf(BlobIntegrityException.class);
	}

	private static byte[] flipped(long bit) {
		byte[] copy = ciphertext.clone();
		copy[(int) (bit / 8)] ^= (byte) (1 << (bit % 8));
		return copy;
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] result = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, result, first.length, second.length);
		return result;
	}

	/** A part on a broken disk: its size is known, its reads fail. */
	private static final class FailingChannel implements SeekableByteChannel {

		private final ByteArrayChannel delegate;

		private final IOException failure;

		FailingChannel(byte[] bytes, IOException failure) {
			this.delegate = new ByteArrayChannel(bytes);
			this.failure = failure;
		}

		@Override
		public int read(ByteBuffer destination) throws IOException {
			throw this.failure;
		}

		@Override
		public int write(ByteBuffer source) {
			return this.delegate.write(source);
		}

		@Override
		public long position() {
			return this.delegate.position();
		}

		@Override
		public SeekableByteChannel position(long newPosition) {
			this.delegate.position(newPosition);
			return this;
		}

		@Override
		public long size() {
			return this.delegate.size();
		}

		@Override
		public SeekableByteChannel truncate(long size) {
			return this.delegate.truncate(size);
		}

		@Override
		public boolean isOpen() {
			return this.delegate.isOpen();
		}

		@Override
		public void close() {
			this.delegate.close();
		}

	}

}
