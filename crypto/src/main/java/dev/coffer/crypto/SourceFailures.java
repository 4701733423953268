package dev.coffer.crypto;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;

/**
 * Tells an I/O failure of a ciphertext source apart from an authentication failure. Tink
 * reports both as {@link IOException}; the source decorators record every exception the
 * source throws, so any other exception out of Tink's decrypter is a ciphertext that did
 * not authenticate.
 */
final class SourceFailures {

	private volatile IOException lastSourceFailure;

	/** Records an exception thrown by the source and returns it for rethrowing. */
	IOException record(IOException ex) {
		this.lastSourceFailure = ex;
		return ex;
	}

	/**
	 * Returns {@code ex} if the source caused it, otherwise a
	 * {@link BlobIntegrityException}.
	 */
	IOException classify(IOException ex) {
		if (ex instanceof BlobIntegrityException || ex instanceof ClosedChannelException) {
			return ex;
		}
		IOException sourceFailure = this.lastSourceFailure;
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause == sourceFailure) {
				return ex;
			}
		}
		return new BlobIntegrityException("blob part failed authentication", ex);
	}

}
