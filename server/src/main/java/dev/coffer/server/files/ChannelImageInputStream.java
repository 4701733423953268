package dev.coffer.server.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An {@code ImageInputStream} over decrypted content, read through a small buffer. The
 * JDK's own streams over an {@code InputStream} cache what they read, in a temporary file
 * unless told otherwise, and plaintext must never reach a disk; a seekable channel needs
 * no cache at all.
 */
final class ChannelImageInputStream extends ImageInputStreamImpl {

	private static final int BUFFER_SIZE = 64 * 1024;

	private final SeekableByteChannel channel;

	private final byte[] buffer = new byte[BUFFER_SIZE];

	/** Where in the content {@link #buffer} starts, and how many bytes it holds. */
	private long bufferStart;

	private int buffered;

	ChannelImageInputStream(SeekableByteChannel channel) {
		this.channel = channel;
	}

	@Override
	public int read() throws IOException {
		checkClosed();
		this.bitOffset = 0;
		if (!fillAt(this.streamPos)) {
			return -1;
		}
		return this.buffer[(int) (this.streamPos++ - this.bufferStart)] & 0xFF;
	}

	@Override
	public int read(byte[] bytes, int offset, int length) throws IOException {
		checkClosed();
		this.bitOffset = 0;
		if (length == 0) {
			return 0;
		}
		if (!fillAt(this.streamPos)) {
			return -1;
		}
		int at = (int) (this.streamPos - this.bufferStart);
		int count = Math.min(length, this.buffered - at);
		System.arraycopy(this.buffer, at, bytes, offset, count);
		this.streamPos += count;
		return count;
	}

	@Override
	public long length() {
		try {
			return this.channel.size();
		}
		catch (IOException ex) {
			return -1;
		}
	}

	/** Makes the buffer hold the byte at {@code position}; false at the end. */
	private boolean fillAt(long position) throws IOException {
		if (position >= this.bufferStart && position < this.bufferStart + this.buffered) {
			return true;
		}
		this.channel.position(position);
		ByteBuffer target = ByteBuffer.wrap(this.buffer);
		while (target.hasRemaining() && this.channel.read(target) >= 0) {
			// until the buffer is full or the content ends
		}
		this.bufferStart = position;
		this.buffered = target.position();
		return this.buffered > 0;
	}

}
