package dev.coffer.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * The plaintext of one part, read at random positions through Tink's seekable decrypting
 * channel. Authentication failures become {@link BlobIntegrityException}; I/O failures of
 * the ciphertext source pass through unchanged. After any failure every further read
 * fails.
 */
final class AuthenticatedChannel implements SeekableByteChannel {

	private final SeekableByteChannel plaintext;

	private final SourceFailures failures;

	private IOException failure;

	AuthenticatedChannel(SeekableByteChannel plaintext, SourceFailures failures) {
		this.plaintext = plaintext;
		this.failures = failures;
	}

	/**
	 * Wraps a ciphertext channel so that its own failures are recorded in
	 * {@code failures}.
	 */
	static SeekableByteChannel trackedSource(SeekableByteChannel ciphertext, SourceFailures failures) {
		return new TrackedChannel(ciphertext, failures);
	}

	@Override
	public synchronized int read(ByteBuffer destination) throws IOException {
		if (this.failure != null) {
			throw new IOException("decryption already failed", this.failure);
		}
		try {
			return this.plaintext.read(destination);
		}
		catch (IOException ex) {
			this.failure = this.failures.classify(ex);
			throw this.failure;
		}
	}

	@Override
	public int write(ByteBuffer source) {
		throw new NonWritableChannelException();
	}

	@Override
	public synchronized long position() throws IOException {
		return this.plaintext.position();
	}

	@Override
	public synchronized SeekableByteChannel position(long newPosition) throws IOException {
		if (newPosition < 0) {
			throw new IllegalArgumentException("position must not be negative");
		}
		this.plaintext.position(newPosition);
		return this;
	}

	@Override
	public long size() throws IOException {
		return this.plaintext.size();
	}

	@Override
	public SeekableByteChannel truncate(long size) {
		throw new NonWritableChannelException();
	}

	@Override
	public boolean isOpen() {
		return this.plaintext.isOpen();
	}

	@Override
	public void close() throws IOException {
		this.plaintext.close();
	}

	private static final class TrackedChannel implements SeekableByteChannel {

		private final SeekableByteChannel ciphertext;

		private final SourceFailures failures;

		TrackedChannel(SeekableByteChannel ciphertext, SourceFailures failures) {
			this.ciphertext = ciphertext;
			this.failures = failures;
		}

		@Override
		public int read(ByteBuffer destination) throws IOException {
			try {
				return this.ciphertext.read(destination);
			}
			catch (IOException ex) {
				throw this.failures.record(ex);
			}
		}

		@Override
		public int write(ByteBuffer source) {
			throw new NonWritableChannelException();
		}

		@Override
		public long position() throws IOException {
			try {
				return this.ciphertext.position();
			}
			catch (IOException ex) {
				throw this.failures.record(ex);
			}
		}

		@Override
		public SeekableByteChannel position(long newPosition) throws IOException {
			try {
				this.ciphertext.position(newPosition);
				return this;
			}
			catch (IOException ex) {
				throw this.failures.record(ex);
			}
		}

		@Override
		public long size() throws IOException {
			try {
				return this.ciphertext.size();
			}
			catch (IOException ex) {
				throw this.failures.record(ex);
			}
		}

		@Override
		public SeekableByteChannel truncate(long size) {
			throw new NonWritableChannelException();
		}

		@Override
		public boolean isOpen() {
			return this.ciphertext.isOpen();
		}

		@Override
		public void close() throws IOException {
			this.ciphertext.close();
		}

	}

}
