package dev.coffer.crypto;

import java.io.IOException;

/**
 * A blob part failed authentication while it was being decrypted as a stream or channel:
 * it was modified, truncated, extended, reordered, moved to another blob or part number,
 * or decrypted with the wrong data key.
 *
 * <p>
 * It is an {@link IOException} because it is thrown from {@code InputStream.read} and
 * {@code SeekableByteChannel.read}. It is distinct from an I/O failure of the ciphertext
 * source itself (a disk or network error), which {@link BlobCipher}'s streams rethrow
 * unchanged as a plain {@code IOException}. Either way the plaintext stream is broken: a
 * server that has already sent part of a response must abort it (never end it cleanly),
 * and after this exception it should record an integrity-failure audit event. Everything
 * read before the exception was authenticated; nothing after it is ever released.
 */
public final class BlobIntegrityException extends IOException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception with a message that must not contain secrets.
	 * @param message what failed, in a few words
	 * @param cause the underlying failure reported by Tink, may be {@code null}
	 */
	public BlobIntegrityException(String message, Throwable cause) {
		super(message, cause);
	}

}
