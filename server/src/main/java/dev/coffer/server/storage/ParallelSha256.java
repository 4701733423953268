package dev.coffer.server.storage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * SHA-256 of a stream, computed on a second (virtual) thread while the caller encrypts
 * the same bytes, so one upload can use two cores: hashing is the most expensive step of
 * an upload. The caller fills buffers it takes from {@link #buffer()}, hands each to
 * {@link #update} and may keep reading it (both threads only read) until it asks for the
 * next buffer.
 */
final class ParallelSha256 implements AutoCloseable {

	private static final byte[] END = new byte[0];

	private final BlockingQueue<byte[]> free;

	private final BlockingQueue<byte[]> full;

	private final BlockingQueue<Integer> lengths;

	private final MessageDigest digest;

	private final Thread worker;

	private volatile Throwable failure;

	private byte[] result;

	/**
	 * @param bufferSize the size of each buffer
	 * @param buffers how many buffers circulate; 3 lets the caller fill one while the
	 * hasher works through another and a third waits
	 */
	ParallelSha256(int bufferSize, int buffers) {
		try {
			this.digest = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
		this.free = new ArrayBlockingQueue<>(buffers);
		this.full = new ArrayBlockingQueue<>(buffers + 1);
		this.lengths = new ArrayBlockingQueue<>(buffers + 1);
		for (int i = 0; i < buffers; i++) {
			this.free.add(new byte[bufferSize]);
		}
		this.worker = Thread.ofVirtual().name("sha256").start(this::hashUntilEnd);
	}

	/** A buffer to fill; blocks while all are being hashed. */
	byte[] buffer() throws InterruptedException {
		rethrowFailure();
		return this.free.take();
	}

	/**
	 * Hashes the first {@code length} bytes of {@code buffer}, in order, in the
	 * background.
	 */
	void update(byte[] buffer, int length) throws InterruptedException {
		rethrowFailure();
		this.lengths.put(length);
		this.full.put(buffer);
	}

	/** Waits for the hash of everything handed over. */
	byte[] digest() throws InterruptedException {
		if (this.result == null) {
			this.lengths.put(0);
			this.full.put(END);
			this.worker.join();
			rethrowFailure();
			this.result = this.digest.digest();
		}
		return this.result;
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
				this.free.put(buffer);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException | Error ex) {
			this.failure = ex;
		}
	}

	private void rethrowFailure() {
		if (this.failure != null) {
			throw new IllegalStateException("Hashing failed", this.failure);
		}
	}

}
