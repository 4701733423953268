package dev.coffer.server.files;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads content on a second (virtual) thread into a few buffers while the caller sends
 * the buffers already read, so that one large download uses two cores: reading and
 * decrypting the blob on one, the socket (and TLS) on the other. Memory stays what the
 * buffers hold, whatever the size.
 * <p>
 * The caller takes each buffer with {@link #next()}, sends it and hands it back with
 * {@link #recycle}. A failure of the reader (a segment that fails authentication, a
 * missing part) is thrown by {@code next()} after the buffers read before it, as the same
 * exception, so the caller sees exactly what a read on its own thread would have thrown,
 * at the same point of the content. Only what the blob's authentication accepted is ever
 * in a buffer.
 * <p>
 * {@link #close()} stops the reader and waits for it, so the caller may close the channel
 * afterwards: the channel is never used by both threads.
 */
final class ReadAhead implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ReadAhead.class);

	/** Marks the end of the content, or the reader's failure. */
	private static final ByteBuffer END = ByteBuffer.allocate(0);

	/** How long {@link #close()} waits for a reader that does not stop. */
	private static final Duration STOP_WAIT = Duration.ofSeconds(30);

	private final ReadableByteChannel source;

	private final BlockingQueue<ByteBuffer> free;

	private final BlockingQueue<ByteBuffer> full;

	private final Thread reader;

	private volatile Throwable failure;

	private boolean ended;

	/**
	 * Starts reading {@code count} bytes from {@code source}'s position.
	 * @param bufferSize the size of each buffer
	 * @param buffers how many circulate: the caller sends one while the reader fills the
	 * others
	 */
	ReadAhead(ReadableByteChannel source, long count, int bufferSize, int buffers) {
		this.source = source;
		this.free = new ArrayBlockingQueue<>(buffers);
		// One more than the buffers: the end mark always fits.
		this.full = new ArrayBlockingQueue<>(buffers + 1);
		for (int i = 0; i < buffers; i++) {
			this.free.add(ByteBuffer.allocate(bufferSize));
		}
		this.reader = Thread.ofVirtual().name("read-ahead").start(() -> readUntilEnd(count));
	}

	/**
	 * The next buffer of content, ready to be read from its position to its limit, or
	 * {@code null} after the last.
	 * @throws IOException what reading the content threw
	 */
	ByteBuffer next() throws IOException {
		if (this.ended) {
			return null;
		}
		ByteBuffer buffer;
		try {
			buffer = this.full.take();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while waiting for content");
		}
		if (buffer != END) {
			return buffer;
		}
		this.ended = true;
		Throwable cause = this.failure;
		if (cause == null) {
			return null;
		}
		if (cause instanceof IOException io) {
			throw io;
		}
		if (cause instanceof RuntimeException runtime) {
			throw runtime;
		}
		throw (Error) cause;
	}

	/** Hands a buffer from {@link #next()} back to be filled again. */
	void recycle(ByteBuffer buffer) {
		buffer.clear();
		this.free.add(buffer); // never full: there are only so many buffers
	}

	/** Stops the reader if the content was abandoned, and waits until it has. */
	@Override
	public void close() {
		this.reader.interrupt();
		boolean interrupted = false;
		long deadline = System.nanoTime() + STOP_WAIT.toNanos();
		while (this.reader.isAlive() && System.nanoTime() < deadline) {
			try {
				this.reader.join(STOP_WAIT);
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (this.reader.isAlive()) {
			logger.warn("A download's reader did not stop within {}; closing its content anyway", STOP_WAIT);
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	private void readUntilEnd(long count) {
		try {
			long remaining = count;
			while (remaining > 0) {
				ByteBuffer buffer = this.free.take();
				if (remaining < buffer.capacity()) {
					buffer.limit((int) remaining);
				}
				// Full buffers: the caller sends in as few writes as it can.
				while (buffer.hasRemaining()) {
					if (this.source.read(buffer) < 0) {
						throw new IOException("Content ended early");
					}
				}
				remaining -= buffer.position();
				buffer.flip();
				this.full.put(buffer);
			}
		}
		catch (InterruptedException ex) {
			// Closed by the caller: nobody waits for the end any more.
			return;
		}
		catch (Throwable ex) {
			this.failure = ex;
		}
		this.full.add(END);
	}

}
