package dev.coffer.cli.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;
import dev.coffer.cli.e2e.FileKey;

/**
 * The end-to-end ciphertext of a plaintext, as a stream to upload, encrypted on a second
 * thread while the caller sends what is ready, so that an upload uses two cores and needs
 * no temporary file. A fixed number of buffers circulate between the two threads: memory
 * does not grow with the file.
 * <p>
 * A plaintext of a known size must have exactly that size: one that ends early or goes on
 * is a {@link CofferException} ({@link ExitCodes#LOCAL_FILE}) from {@link #read}, thrown
 * before the ciphertext's last segment, so that the request it feeds ends short of its
 * length and the server stores nothing. A failure to read the plaintext is an
 * {@link IOException} from {@link #read}, likewise before the end.
 */
final class BackgroundEncryption extends InputStream {

	private static final int BUFFER = 256 * 1024;

	private static final int BUFFERS = 4;

	/** A filled buffer and how much of it is filled; END (length -1) at the end. */
	private record Chunk(byte[] bytes, int length) {
	}

	private static final Chunk END = new Chunk(new byte[0], -1);

	private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);

	private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(BUFFERS + 1);

	private final Thread worker;

	/** Why the encrypting thread stopped early: an IOException or a RuntimeException. */
	private volatile Exception failure;

	private Chunk current;

	private int position;

	/**
	 * Starts encrypting {@code plaintext} (not closed here) under {@code key}.
	 * @param size its exact length in bytes, or -1 if unknown (standard input)
	 * @param name what it is called in messages
	 */
	BackgroundEncryption(FileKey key, InputStream plaintext, long size, String name) {
		for (int i = 0; i < BUFFERS; i++) {
			this.free.add(new byte[BUFFER]);
		}
		this.worker = Thread.ofPlatform()
			.daemon()
			.name("e2e-encryption")
			.start(() -> encrypt(key, plaintext, size, name));
	}

	@Override
	public int read() throws IOException {
		byte[] one = new byte[1];
		return (read(one, 0, 1) < 0) ? -1 : (one[0] & 0xff);
	}

	@Override
	public int read(byte[] bytes, int offset, int length) throws IOException {
		if (length == 0) {
			return 0;
		}
		if ((this.current == null || this.position == this.current.length()) && !next()) {
			return -1;
		}
		int n = Math.min(length, this.current.length() - this.position);
		System.arraycopy(this.current.bytes(), this.position, bytes, offset, n);
		this.position += n;
		return n;
	}

	/**
	 * Moves to the next filled buffer, giving back the one read; false at the end, the
	 * encrypting thread's failure if it failed.
	 */
	private boolean next() throws IOException {
		if (this.current != END) {
			try {
				if (this.current != null) {
					this.free.put(this.current.bytes());
				}
				this.current = this.full.take();
				this.position = 0;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new InterruptedIOException("Interrupted");
			}
		}
		if (this.current == END) {
			if (this.failure instanceof IOException unreadable) {
				throw new IOException("Cannot read the plaintext", unreadable);
			}
			if (this.failure instanceof RuntimeException refused) {
				throw refused;
			}
			return false;
		}
		return true;
	}

	/** Stops the encryption if the upload was abandoned. */
	@Override
	public void close() {
		this.worker.interrupt();
	}

	private void encrypt(FileKey key, InputStream plaintext, long size, String name) {
		try {
			OutputStream encrypting = key.encrypting(new Pipe());
			if (size < 0) {
				plaintext.transferTo(encrypting);
			}
			else {
				copyExactly(plaintext, encrypting, size, name);
			}
			// Only now the last segment, marked as last, is written: a plaintext of
			// another size never gives a whole ciphertext.
			encrypting.close();
		}
		catch (IOException ex) {
			if (Thread.currentThread().isInterrupted()) {
				return; // abandoned by the reader
			}
			this.failure = ex;
		}
		catch (RuntimeException ex) {
			this.failure = ex;
		}
		try {
			this.full.put(END);
		}
		catch (InterruptedException ex) {
			// abandoned by the reader
		}
	}

	private static void copyExactly(InputStream plaintext, OutputStream encrypting, long size, String name)
			throws IOException {
		byte[] buffer = new byte[BUFFER];
		long left = size;
		while (left > 0) {
			int n = plaintext.read(buffer, 0, (int) Math.min(buffer.length, left));
			if (n < 0) {
				throw changedSize(name, size);
			}
			encrypting.write(buffer, 0, n);
			left -= n;
		}
		if (plaintext.read() >= 0) {
			throw changedSize(name, size);
		}
	}

	private static CofferException changedSize(String name, long size) {
		return new CofferException(ExitCodes.LOCAL_FILE, name + " changed size while it was encrypted and sent (it had "
				+ size + " bytes); nothing was stored. Upload it again once it no longer changes.");
	}

	/** The encrypting thread's side: fills free buffers and hands them over. */
	private final class Pipe extends OutputStream {

		private byte[] buffer;

		private int filled;

		@Override
		public void write(int b) throws IOException {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			while (length > 0) {
				if (this.buffer == null) {
					this.buffer = take();
					this.filled = 0;
				}
				int n = Math.min(length, this.buffer.length - this.filled);
				System.arraycopy(bytes, offset, this.buffer, this.filled, n);
				this.filled += n;
				offset += n;
				length -= n;
				if (this.filled == this.buffer.length) {
					flush();
				}
			}
		}

		@Override
		public void flush() throws IOException {
			if (this.buffer == null || this.filled == 0) {
				return;
			}
			try {
				BackgroundEncryption.this.full.put(new Chunk(this.buffer, this.filled));
			}
			catch (InterruptedException ex) {
				throw interrupted();
			}
			this.buffer = null;
		}

		private byte[] take() throws IOException {
			try {
				return BackgroundEncryption.this.free.take();
			}
			catch (InterruptedException ex) {
				throw interrupted();
			}
		}

	}

	private static IOException interrupted() {
		Thread.currentThread().interrupt();
		return new InterruptedIOException("Abandoned");
	}

}
