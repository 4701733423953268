package dev.coffer.server.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * What the store's read-only channels of a known size share: a position that reads move
 * and seeks set, end of stream at the size, no writing, and
 * {@link ClosedChannelException} once closed. A subclass reads at a position and releases
 * what it holds when closed.
 */
abstract class ReadOnlyChannel implements SeekableByteChannel {

	private final long size;

	private long position;

	private boolean closed;

	ReadOnlyChannel(long size) {
		this.size = size;
	}

	/**
	 * Reads at least one byte at {@code position} (below the size) into
	 * {@code destination}, which has room, and advances the destination's position.
	 * @return how many bytes were read
	 */
	abstract int readAt(long position, ByteBuffer destination) throws IOException;

	/** Releases what the channel holds; called once, by the first {@link #close}. */
	abstract void release() throws IOException;

	@Override
	public final int read(ByteBuffer destination) throws IOException {
		ensureOpen();
		if (!destination.hasRemaining()) {
			return 0;
		}
		if (this.position >= this.size) {
			return -1;
		}
		int read = readAt(this.position, destination);
		this.position += read;
		return read;
	}

	@Override
	public final long position() throws IOException {
		ensureOpen();
		return this.position;
	}

	@Override
	public final SeekableByteChannel position(long newPosition) throws IOException {
		ensureOpen();
		if (newPosition < 0) {
			throw new IllegalArgumentException("Negative position");
		}
		this.position = newPosition;
		return this;
	}

	@Override
	public final long size() throws IOException {
		ensureOpen();
		return this.size;
	}

	@Override
	public final int write(ByteBuffer source) {
		throw new NonWritableChannelException();
	}

	@Override
	public final SeekableByteChannel truncate(long size) {
		throw new NonWritableChannelException();
	}

	@Override
	public final boolean isOpen() {
		return !this.closed;
	}

	@Override
	public final void close() throws IOException {
		if (!this.closed) {
			this.closed = true;
			release();
		}
	}

	private void ensureOpen() throws ClosedChannelException {
		if (this.closed) {
			throw new ClosedChannelException();
		}
	}

}
