package dev.coffer.server.storage;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The CRC-32 and length of a file uploaded in parts over several requests, kept between
 * them as bytes ({@link #encode()}) so that a request to any node, or after a restart,
 * goes on where the last one stopped, and the file's SHA-256 as far as this node knows
 * it.
 * <p>
 * The SHA-256 is not in the encoded state: the JDK's (an intrinsic, about 1.4 GiB/s a
 * core) cannot hand out its state, and a digest that can (Bouncy Castle's) hashes at
 * about 185 MiB/s a core, which bounded every resumable upload to that speed. So the
 * running digest stays in the memory of the node that received the last part (the caller
 * keeps it between requests); a part that arrives elsewhere, after a restart or after a
 * failed part has none, and the upload's SHA-256 is then computed from its stored parts
 * when it completes ({@link EncryptedBlobs#finishResumable}).
 */
public final class ResumableDigest {

	/** Size, CRC-32 and Bouncy Castle's SHA-256 state; read, never written. */
	private static final byte FORMAT_WITH_SHA256_STATE = 1;

	/** Size and CRC-32. */
	private static final byte FORMAT = 2;

	private final MessageDigest sha256;

	private long crc32;

	private long size;

	private ResumableDigest(MessageDigest sha256, long crc32, long size) {
		this.sha256 = sha256;
		this.crc32 = crc32;
		this.size = size;
	}

	/** The digest of nothing yet. */
	public static ResumableDigest start() {
		return new ResumableDigest(newSha256(), 0, 0);
	}

	/**
	 * A digest from {@link #encode()}.
	 * @param runningSha256 the SHA-256 of exactly the bytes {@code encoded} counts, kept
	 * by this node since the last part; {@code null} if it has none (the SHA-256 of no
	 * bytes is known all the same)
	 * @throws IllegalArgumentException if {@code encoded} is not one
	 */
	public static ResumableDigest decode(byte[] encoded, MessageDigest runningSha256) {
		try {
			ByteBuffer in = ByteBuffer.wrap(encoded);
			byte format = in.get();
			if (format != FORMAT && format != FORMAT_WITH_SHA256_STATE) {
				throw new IllegalArgumentException("Unknown digest state format");
			}
			long size = in.getLong();
			long crc32 = Integer.toUnsignedLong(in.getInt());
			if (format == FORMAT && in.hasRemaining()) {
				throw new IllegalArgumentException("Trailing bytes");
			}
			MessageDigest sha256 = (runningSha256 == null && size == 0) ? newSha256() : runningSha256;
			return new ResumableDigest(sha256, crc32, size);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("Not a digest state", ex);
		}
	}

	/**
	 * The size and CRC-32 as bytes, for {@link #decode}. A CRC-32 says a little about the
	 * plaintext: store it sealed.
	 */
	public byte[] encode() {
		return ByteBuffer.allocate(1 + 8 + 4).put(FORMAT).putLong(this.size).putInt((int) this.crc32).array();
	}

	/** How many bytes went in. */
	public long size() {
		return this.size;
	}

	/** The CRC-32 of what went in. */
	public long crc32() {
		return this.crc32;
	}

	/**
	 * The SHA-256 of what went in, still open for the next part, if this node has it: to
	 * keep for the next request.
	 */
	public Optional<MessageDigest> runningSha256() {
		return Optional.ofNullable(this.sha256);
	}

	/**
	 * The lower-case hex SHA-256 of what went in, if known; the running digest is left as
	 * it is.
	 */
	Optional<String> sha256Hex() {
		if (this.sha256 == null) {
			return Optional.empty();
		}
		try {
			MessageDigest copy = (MessageDigest) this.sha256.clone();
			return Optional.of(HexFormat.of().formatHex(copy.digest()));
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException("The JDK's SHA-256 can be cloned", ex);
		}
	}

	/**
	 * Adds a part's CRC-32 and length, once its bytes went through
	 * {@link #runningSha256()}.
	 */
	void appended(long partCrc32, long partSize) {
		this.crc32 = Crc32Combine.combine(this.crc32, partCrc32, partSize);
		this.size += partSize;
	}

	static MessageDigest newSha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

}
