package dev.coffer.cli.command;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * SHA-256 of a stream, computed on a second thread while the caller goes on reading and
 * writing the same bytes, so a transfer can use two cores (the server's
 * {@code ParallelSha256} does the same). The caller fills a buffer from
 * {@link #buffer()}, hands it to {@link #update} and may keep reading it (both threads
 * only read) until it asks for the next buffer. A fixed number of buffers circulate:
 * memory does not grow with the stream.
 * <p>
 * Given a sink, the second thread also writes each buffer to it once hashed, so that a
 * download's reading thread only reads (and decrypts) from the network; a failed write is
 * thrown to the caller at its next call, as an {@link UncheckedIOException}.
 */
final class BackgroundSha256 implements AutoCloseable {

	private static final byte[] END = new byte[0];

	private final BlockingQueue<byte[]> free;

	private final BlockingQueue<byte[]> full;

	private final BlockingQueue<Integer> lengths;

	private final MessageDigest digest;

	private final OutputStream sink;

	private final Thread worker;

	private volatile Throwable failure;

	/**
	 * @param bufferSize the size of each buffer
	 * @param buffers how many circulate; 3 lets the caller fill one while the hasher
	 * works through another
	 */
	BackgroundSha256(int bufferSize, int buffers) {
		this(newSha256(), bufferSize, buffers, null);
	}

	/**
	 * Also writes what it hashed to {@code sink}, on its own thread: the caller must not
	 * write to it, nor flush or close it before {@link #finish} returned.
	 */
	BackgroundSha256(int bufferSize, int buffers, OutputStream sink) {
		this(newSha256(), bufferSize, buffers, sink);
	}

	/**
	 * Goes on from {@code digest}, which the hasher then owns (until {@link #finish}).
	 */
	BackgroundSha256(MessageDigest digest, int bufferSize, int buffers) {
		this(digest, bufferSize, buffers, null);
	}

	private BackgroundSha256(MessageDigest digest, int bufferSize, int buffers, OutputStream sink) {
		this.digest = digest;
		this.sink = sink;
		this.free = new ArrayBlockingQueue<>(buffers);
		this.full = new ArrayBlockingQueue<>(buffers + 1);
		this.lengths = new ArrayBlockingQueue<>(buffers + 1);
		for (int i = 0; i < buffers; i++) {
			this.free.add(new byte[bufferSize]);
		}
		this.worker = Thread.ofPlatform().daemon().name("sha256").start(this::hashUntilEnd);
	}

	/** A buffer to fill; waits while all are being hashed. */
	byte[] buffer() throws InterruptedException {
		rethrowFailure();
		byte[] buffer = this.free.take();
		rethrowFailure();
		return buffer;
	}

	/** Hashes the first {@code length} bytes of {@code buffer}, in order, meanwhile. */
	void update(byte[] buffer, int length) throws InterruptedException {
		rethrowFailure();
		this.lengths.put(length);
		this.full.put(buffer);
	}

	/** Waits for the hash of everything handed over; lower-case hex. */
	String hex() throws InterruptedException {
		return HexFormat.of().formatHex(finish().digest());
	}

	/**
	 * Waits until everything handed over is hashed; the digest, to go on with or to
	 * finish.
	 */
	MessageDigest finish() throws InterruptedException {
		this.lengths.put(0);
		this.full.put(END);
		this.worker.join();
		rethrowFailure();
		return this.digest;
	}

	static MessageDigest newSha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Stops the hasher if the stream was abandoned. */
	@Override
	public void close() {
		this.worker.interrupt();
	}

	private void hashUntilEnd() {
		try {
			while (true) {
				int length = this.lengths.take();
				byte[] buffer = this.full.take();
				if (buffer == END) {
					return;
				}
				this.digest.update(buffer, 0, length);
				if (this.sink != null) {
					this.sink.write(buffer, 0, length);
				}
				this.free.put(buffer);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException | RuntimeException | Error ex) {
			this.failure = ex;
			// The caller may be waiting for a buffer: give it one, so that it finds the
			// failure at its next call.
			this.free.offer(new byte[0]);
		}
	}

	private void rethrowFailure() {
		if (this.failure instanceof IOException io) {
			throw new UncheckedIOException("Cannot write the download", io);
		}
		if (this.failure != null) {
			throw new IllegalStateException("SHA-256 failed", this.failure);
		}
	}

}
