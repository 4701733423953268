package dev.coffer.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.SplittableRandom;

/**
 * Test helpers: encrypt and decrypt whole parts in memory, and make reproducible
 * plaintext.
 */
final class Parts {

	static final BlobCipher CIPHER = new BlobCipher();

	/** Plaintext bytes where segment 0 ends, and then every further segment. */
	static final int FIRST_SEGMENT_END = BlobCipher.PLAINTEXT_SEGMENT_SIZE - BlobCipher.HEADER_LENGTH;

	private Parts() {
	}

	static byte[] plaintext(int size, long seed) {
		byte[] bytes = new byte[size];
		new SplittableRandom(seed).nextBytes(bytes);
		return bytes;
	}

	static byte[] encrypt(DataKey key, String blobId, int part, byte[] plaintext) throws Exception {
		ByteArrayOutputStream ciphertext = new ByteArrayOutputStream((int) BlobCipher.ciphertextSize(plaintext.length));
		try (OutputStream out = CIPHER.newEncryptingStream(key, blobId, part, ciphertext)) {
			out.write(plaintext);
		}
		return ciphertext.toByteArray();
	}

	static byte[] decryptStream(DataKey key, String blobId, int part, byte[] ciphertext) throws Exception {
		try (InputStream in = CIPHER.newDecryptingStream(key, blobId, part, new ByteArrayInputStream(ciphertext))) {
			return in.readAllBytes();
		}
	}

	static byte[] decryptChannel(DataKey key, String blobId, int part, byte[] ciphertext) throws Exception {
		try (SeekableByteChannel channel = CIPHER.newSeekableDecryptingChannel(key, blobId, part,
				new ByteArrayChannel(ciphertext))) {
			ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
			ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
			while (channel.read(buffer.clear()) >= 0) {
				plaintext.write(buffer.array(), 0, buffer.position());
			}
			return plaintext.toByteArray();
		}
	}

	/** Reads exactly {@code length} bytes at {@code offset}, or fewer at the end. */
	static byte[] readAt(SeekableByteChannel channel, long offset, int length) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(length);
		channel.position(offset);
		while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
			// keep reading
		}
		byte[] bytes = new byte[buffer.position()];
		buffer.flip().get(bytes);
		return bytes;
	}

	/** Counts bytes and discards them. */
	static final class CountingSink extends OutputStream {

		long count;

		@Override
		public void write(int b) {
			this.count++;
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			this.count += length;
		}

	}

}
