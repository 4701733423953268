package dev.coffer.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * Encrypts and decrypts the parts of a blob with the blob's {@link DataKey}.
 *
 * <p>
 * Part {@code n} of blob {@code blobId} is a Tink streaming AEAD
 * ({@code AES256_GCM_HKDF_1MB}) ciphertext whose associated data is the UTF-8 string
 * {@code "coffer/blob/v1|" + blobId + "|" + n}: a part decrypts only under its own blob
 * id and part number, so moving or swapping parts is detected. Stateless and thread-safe;
 * each stream or channel it returns is for one thread at a time.
 *
 * <h2>Byte layout of a part</h2>
 *
 * <p>
 * Tink's AES-GCM-HKDF streaming format (sizes in bytes, offsets into the part):
 *
 * <pre>
 * offset         size         content
 * 0              1            header length: 0x28 (40)
 * 1              32           salt, random per part
 * 33             7            nonce prefix, random per part
 * 40             &lt;= 1048536   segment 0: AES-GCM ciphertext of up to 1048520 plaintext bytes, then its 16-byte tag
 * i * 1048576    &lt;= 1048576   segment i &gt;= 1: AES-GCM ciphertext of up to 1048560 plaintext bytes, then its 16-byte tag
 * </pre>
 *
 * <p>
 * The AES-256 key of a part is HKDF-SHA256(data key, salt, associated data), so every
 * part has its own key. Segment {@code i} is encrypted under the 12-byte nonce
 * {@code nonce prefix | i (4 bytes, big-endian) | last (1 byte: 1 for the final segment, else 0)}.
 * Every segment but the last is full, so segments end at 1 MiB multiples of the part; the
 * last one may be full too, and is never empty except in an empty part (40-byte header
 * and a 16-byte tag). Plaintext byte {@code p} lies in segment
 * {@code (p + 40) / 1048560}. The size of a part follows from its plaintext size
 * ({@link #ciphertextSize}) and back ({@link #plaintextSize}). Because the segment number
 * and the last flag are in the nonce, reordering, truncating or extending segments fails
 * authentication.
 *
 * <h2>Failures</h2>
 *
 * <p>
 * Setting a stream up throws {@link CryptoException}. Once data flows, a part that does
 * not authenticate (modified, truncated, extended, moved, wrong key) makes {@code read}
 * throw {@link BlobIntegrityException}, an {@link IOException}; this can happen after
 * earlier segments were already returned, so a server streaming a download must abort the
 * response, never end it cleanly. An I/O failure of the ciphertext source is rethrown as
 * the source's own {@code IOException}. Plaintext is released only segment by segment
 * after that segment authenticated.
 *
 * <p>
 * All methods throw {@link NullPointerException} for null arguments and
 * {@link IllegalArgumentException} for a malformed blob id (see
 * {@link MasterKeyRing#wrap(DataKey, String)}) or a negative part number.
 */
public final class BlobCipher {

	static final int HEADER_LENGTH = 1 + 32 + 7;

	static final int CIPHERTEXT_SEGMENT_SIZE = 1 << 20;

	static final int TAG_SIZE = 16;

	static final int PLAINTEXT_SEGMENT_SIZE = CIPHERTEXT_SEGMENT_SIZE - TAG_SIZE;

	/** Creates the cipher; it has no settings because the format is fixed. */
	public BlobCipher() {
	}

	/**
	 * Returns a stream that encrypts what is written to it into {@code ciphertextSink}.
	 * The header is written at once; the final segment is written by
	 * {@link OutputStream#close()}, which also closes the sink. A part whose stream was
	 * not closed is incomplete and will not decrypt: discard it.
	 * @param key the blob's data key
	 * @param blobId the blob id
	 * @param partNumber the part number, from 0
	 * @param ciphertextSink receives the ciphertext
	 * @return the plaintext sink; not thread-safe
	 * @throws CryptoException if the encryption cannot be set up
	 * @throws IOException if writing the header to the sink fails
	 */
	public OutputStream newEncryptingStream(DataKey key, String blobId, int partNumber, OutputStream ciphertextSink)
			throws CryptoException, IOException {
		Objects.requireNonNull(key, "key");
		Objects.requireNonNull(ciphertextSink, "ciphertextSink");
		byte[] associatedData = AssociatedData.forPart(blobId, partNumber);
		try {
			return key.streamingAead().newEncryptingStream(ciphertextSink, associatedData);
		}
		catch (GeneralSecurityException ex) {
			throw new CryptoException("setting up part encryption failed", ex);
		}
	}

	/**
	 * Returns a stream of the plaintext of a part, read from {@code ciphertextSource}
	 * from its first byte. Reading throws {@link BlobIntegrityException} as soon as a
	 * segment does not authenticate, and reaches the end only after the final segment
	 * authenticated. Closing it closes the source.
	 * @param key the blob's data key
	 * @param blobId the blob id the part was encrypted for
	 * @param partNumber the part number it was encrypted for
	 * @param ciphertextSource the part's ciphertext
	 * @return the plaintext; not thread-safe
	 * @throws CryptoException if the decryption cannot be set up
	 */
	public InputStream newDecryptingStream(DataKey key, String blobId, int partNumber, InputStream ciphertextSource)
			throws CryptoException {
		Objects.requireNonNull(key, "key");
		Objects.requireNonNull(ciphertextSource, "ciphertextSource");
		byte[] associatedData = AssociatedData.forPart(blobId, partNumber);
		SourceFailures failures = new SourceFailures();
		try {
			InputStream plaintext = key.streamingAead()
				.newDecryptingStream(AuthenticatedInputStream.trackedSource(ciphertextSource, failures),
						associatedData);
			return new AuthenticatedInputStream(plaintext, failures);
		}
		catch (GeneralSecurityException | IOException ex) {
			// Tink reads nothing here; any failure is in setting up the cipher.
			throw new CryptoException("setting up part decryption failed", ex);
		}
	}

	/**
	 * Returns a read-only channel over the plaintext of a part that decrypts only the 1
	 * MiB segments a read touches, for HTTP range requests. Positions and {@code size()}
	 * are in plaintext bytes; {@code size()} is computed from the ciphertext length and
	 * is authenticated only once the final segment has been read (a read that reaches the
	 * end does that). Reads throw {@link BlobIntegrityException} for a segment that does
	 * not authenticate. Closing it closes the source.
	 * @param key the blob's data key
	 * @param blobId the blob id the part was encrypted for
	 * @param partNumber the part number it was encrypted for
	 * @param ciphertextSource the part's ciphertext, positioned anywhere
	 * @return the plaintext channel; not thread-safe
	 * @throws CryptoException if the decryption cannot be set up
	 * @throws BlobIntegrityException if the ciphertext length is impossible for a part
	 * @throws IOException if the source's size cannot be read
	 */
	public SeekableByteChannel newSeekableDecryptingChannel(DataKey key, String blobId, int partNumber,
			SeekableByteChannel ciphertextSource) throws CryptoException, IOException {
		Objects.requireNonNull(key, "key");
		Objects.requireNonNull(ciphertextSource, "ciphertextSource");
		byte[] associatedData = AssociatedData.forPart(blobId, partNumber);
		SourceFailures failures = new SourceFailures();
		try {
			SeekableByteChannel plaintext = key.streamingAead()
				.newSeekableDecryptingChannel(AuthenticatedChannel.trackedSource(ciphertextSource, failures),
						associatedData);
			return new AuthenticatedChannel(plaintext, failures);
		}
		catch (GeneralSecurityException ex) {
			throw new CryptoException("setting up part decryption failed", ex);
		}
		catch (IOException ex) {
			throw failures.classify(ex);
		}
	}

	/**
	 * Returns the exact ciphertext size of a part with the given plaintext size.
	 * @param plaintextSize the plaintext size in bytes
	 * @return the ciphertext size in bytes: at least 56 (header and the tag of an empty
	 * segment)
	 * @throws IllegalArgumentException if {@code plaintextSize} is negative
	 * @throws ArithmeticException if the result does not fit in a {@code long}
	 */
	public static long ciphertextSize(long plaintextSize) {
		if (plaintextSize < 0) {
			throw new IllegalArgumentException("plaintext size must not be negative");
		}
		// The header fills the start of segment 0, as if it were plaintext.
		long shifted = Math.addExact(plaintextSize, HEADER_LENGTH);
		long fullSegments = shifted / PLAINTEXT_SEGMENT_SIZE;
		long rest = shifted % PLAINTEXT_SEGMENT_SIZE;
		long size = Math.multiplyExact(fullSegments, CIPHERTEXT_SEGMENT_SIZE);
		return (rest == 0) ? size : Math.addExact(size, rest + TAG_SIZE);
	}

	/**
	 * Returns the plaintext size of a part from its ciphertext size; the inverse of
	 * {@link #ciphertextSize(long)}. The result is not authenticated: it is what a
	 * correct part of that length holds.
	 * @param ciphertextSize the ciphertext size in bytes
	 * @return the plaintext size in bytes
	 * @throws IllegalArgumentException if no part has that ciphertext size
	 */
	public static long plaintextSize(long ciphertextSize) {
		long fullSegments = ciphertextSize / CIPHERTEXT_SEGMENT_SIZE;
		long rest = ciphertextSize % CIPHERTEXT_SEGMENT_SIZE;
		if (ciphertextSize < HEADER_LENGTH + TAG_SIZE || (rest > 0 && rest <= TAG_SIZE)) {
			throw new IllegalArgumentException("no part has a ciphertext size of " + ciphertextSize + " bytes");
		}
		long shifted = fullSegments * PLAINTEXT_SEGMENT_SIZE + ((rest == 0) ? 0 : rest - TAG_SIZE);
		return shifted - HEADER_LENGTH;
	}

}
