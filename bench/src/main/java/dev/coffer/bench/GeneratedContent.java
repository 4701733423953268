package dev.coffer.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Deterministic pseudo-random content of any length, produced 1 MiB at a time and never
 * held whole: one random block, with the block's index written into its first eight bytes
 * so that no two blocks are equal.
 */
final class GeneratedContent {

	static final int BLOCK_SIZE = 1 << 20;

	private final long length;

	private final byte[] base;

	GeneratedContent(long length, long seed) {
		if (length < 0) {
			throw new IllegalArgumentException("length must not be negative");
		}
		this.length = length;
		this.base = new byte[BLOCK_SIZE];
		new SplittableRandom(seed).nextBytes(this.base);
	}

	long length() {
		return this.length;
	}

	/** Writes the content to {@code out} in blocks of at most 1 MiB. */
	void writeTo(OutputStream out) throws IOException {
		byte[] block = this.base.clone();
		long remaining = this.length;
		for (long index = 0; remaining > 0; index++) {
			stamp(block, index);
			int n = (int) Math.min(BLOCK_SIZE, remaining);
			out.write(block, 0, n);
			remaining -= n;
		}
	}

	/** The SHA-256 of the content, in lower-case hex (reads it all once). */
	String sha256() {
		MessageDigest digest = newSha256();
		try {
			writeTo(new OutputStream() {
				@Override
				public void write(int b) {
					digest.update((byte) b);
				}

				@Override
				public void write(byte[] b, int off, int len) {
					digest.update(b, off, len);
				}
			});
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private static void stamp(byte[] block, long index) {
		for (int i = 0; i < 8; i++) {
			block[i] = (byte) (index >>> (8 * i));
		}
	}

	static MessageDigest newSha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
