package dev.coffer.server.storage;

import java.security.MessageDigest;
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

	private final Hasher hasher;

	private final Thread worker;

	private volatile Throwable failure;

	private byte[] result;

	/**
	 * @param bufferSize the size of each buffer
	 * @param buffers how many buffers circulate; 3 lets the caller fill one while the
	 * hasher works through another and a third waits
	 */
	ParallelSha256(int bufferSize, int buffers) {
		this(bufferSize, buffers, jdkSha256());
	}

	/**
	 * Feeds an existing digest instead (a {@link ResumableDigest}'s), or none if
	 * {@code digest} is {@code null}; read it after {@link #awaitHashed()}.
	 */
	ParallelSha256(int bufferSize, int buffers, MessageDigest digest) {
		this(bufferSize, buffers, new Hasher() {
			@Override
			public void update(byte[] buffer, int length) {
				if (digest != null) {
					digest.update(buffer, 0, length);
				}
			}

			@Override
			public byte[] digest() {
				throw new IllegalStateException("Read the digest that was passed in");
			}
		});
	}

	private ParallelSha256(int bufferSize, int buffers, Hasher hasher) {
		this.hasher = hasher;
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
			awaitHashed();
			this.result = this.hasher.digest();
		}
		return this.result;
	}

	/** Waits until everything handed over has been hashed; nothing more may be. */
	void awaitHashed() throws InterruptedException {
		if (this.worker.isAlive()) {
			this.lengths.put(0);
			this.full.put(END);
			this.worker.join();
		}
		rethrowFailure();
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
				this.hasher.update(buffer, length);
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

	private static Hasher jdkSha256() {
		MessageDigest digest = ResumableDigest.newSha256();
		return new Hasher() {
			@Override
			public void update(byte[] buffer, int length) {
				digest.update(buffer, 0, length);
			}

			@Override
			public byte[] digest() {
				return digest.digest();
			}
		};
	}

	private void rethrowFailure() {
		if (this.failure != null) {
			throw new IllegalStateException("Hashing failed", this.failure);
		}
	}

	/** The SHA-256 implementation fed on the worker thread. */
	private interface Hasher {

		void update(byte[] buffer, int length);

		byte[] digest();

	}

}
