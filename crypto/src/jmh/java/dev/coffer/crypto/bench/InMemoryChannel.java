package dev.coffer.crypto.bench;

import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/** A read-only channel over a byte array, so benchmarks measure crypto rather than storage. */
final class InMemoryChannel implements SeekableByteChannel {

	private final byte[] bytes;

	private long position;

	InMemoryChannel(byte[] bytes) {
		this.bytes = bytes;
	}

	@Override
	public int read(ByteBuffer destination) {
		if (this.position >= this.bytes.length) {
			return -1;
		}
		int count = (int) Math.min(destination.remaining(), this.bytes.length - this.position);
		destination.put(this.bytes, (int) this.position, count);
		this.position += count;
		return count;
	}

	@Override
	public int write(ByteBuffer source) {
		throw new NonWritableChannelException();
	}

	@Override
	public long position() {
		return this.position;
	}

	@Override
	public SeekableByteChannel position(long newPosition) {
		this.position = newPosition;
		return this;
	}

	@Override
	public long size() {
		return this.bytes.length;
	}

	@Override
	public SeekableByteChannel truncate(long size) {
		throw new NonWritableChannelException();
	}

	@Override
	public boolean isOpen() {
		return true;
	}

	@Override
	public void close() {
	}

}
