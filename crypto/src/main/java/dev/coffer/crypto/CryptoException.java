package dev.coffer.crypto;

import java.security.GeneralSecurityException;

/**
 * A cryptographic operation of this module failed: a key set that cannot be parsed or is
 * not of the expected kind, a wrapped data key that does not authenticate, a master key
 * that is missing or disabled, or a master key file that is not protected.
 *
 * <p>
 * Messages are terse and never contain key material, plaintext or ciphertext; they may
 * name a file path or a master key id, which are not secret. Callers should treat every
 * instance the same way: the operation did not happen and nothing it would have produced
 * may be used.
 *
 * <p>
 * Decryption failures that happen while a blob part is being <em>streamed</em> cannot be
 * thrown as this checked type from {@code InputStream.read}; they surface as
 * {@link BlobIntegrityException}, an {@link java.io.IOException}.
 */
public final class CryptoException extends GeneralSecurityException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception with a message that must not contain secrets.
	 * @param message what failed, in a few words
	 */
	public CryptoException(String message) {
		super(message);
	}

	/**
	 * Creates an exception with a message that must not contain secrets.
	 * @param message what failed, in a few words
	 * @param cause the underlying failure, may be {@code null}
	 */
	public CryptoException(String message, Throwable cause) {
		super(message, cause);
	}

}
