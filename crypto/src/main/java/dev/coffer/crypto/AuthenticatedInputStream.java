package dev.coffer.crypto;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The plaintext of one part, read through Tink's decrypting stream. Authentication
 * failures become {@link BlobIntegrityException}; I/O failures of the ciphertext source
 * pass through unchanged. After any failure every further read fails: the stream never
 * resumes past a bad segment.
 */
final class AuthenticatedInputStream extends InputStream {

	private final InputStream plaintext;

	private final SourceFailures failures;

	private IOException failure;

	AuthenticatedInputStream(InputStream plaintext, SourceFailures failures) {
		this.plaintext = plaintext;
		this.failures = failures;
	}

	/**
	 * Wraps a ciphertext source so that its own failures are recorded in
	 * {@code failures}.
	 */
	static InputStream trackedSource(InputStream ciphertext, SourceFailures failures) {
		return new FilterInputStream(ciphertext) {

			@Override
			public int read() throws IOException {
				try {
					return super.read();
				}
				catch (IOException ex) {
					throw failures.record(ex);
				}
			}

			@Override
			public int read(byte[] buffer, int offset, int length) throws IOException {
				try {
					return this.in.read(buffer, offset, length);
				}
				catch (IOException ex) {
					throw failures.record(ex);
				}
			}

			@Override
			public long skip(long count) throws IOException {
				try {
					return super.skip(count);
				}
				catch (IOException ex) {
					throw failures.record(ex);
				}
			}

		};
	}

	@Override
	public int read() throws IOException {
		byte[] single = new byte[1];
		int read = read(single, 0, 1);
		return (read == 1) ? (single[0] & 0xff) : -1;
	}

	@Override
	public synchronized int read(byte[] buffer, int offset, int length) throws IOException {
		Objects.checkFromIndexSize(offset, length, buffer.length);
		checkNotFailed();
		if (length == 0) {
			return 0;
		}
		try {
			return this.plaintext.read(buffer, offset, length);
		}
		catch (IOException ex) {
			throw fail(ex);
		}
	}

	@Override
	public synchronized long skip(long count) throws IOException {
		checkNotFailed();
		try {
			// Tink decrypts, and so authenticates, whatever it skips.
			return this.plaintext.skip(count);
		}
		catch (IOException ex) {
			throw fail(ex);
		}
	}

	@Override
	public synchronized int available() throws IOException {
		return (this.failure != null) ? 0 : this.plaintext.available();
	}

	@Override
	public void close() throws IOException {
		this.plaintext.close();
	}

	private void checkNotFailed() throws IOException {
		if (this.failure != null) {
			throw new IOException("decryption already failed", this.failure);
		}
	}

	private IOException fail(IOException ex) {
		this.failure = this.failures.classify(ex);
		return this.failure;
	}

}
