package dev.coffer.cli.e2e;

/**
 * End-to-end decryption failed: wrong key or passphrase, or ciphertext or a wrapped key
 * that was changed, swapped or cut short. Messages are terse and name no secret.
 */
public final class EndToEndException extends Exception {

	public EndToEndException(String message) {
		super(message);
	}

	public EndToEndException(String message, Throwable cause) {
		super(message, cause);
	}

}
