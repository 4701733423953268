package dev.coffer.server.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.List;

import dev.coffer.crypto.BlobIntegrityException;

/**
 * The plaintext of a blob of several parts as one read-only channel: a position is found
 * in the part that holds it (from the parts' recorded sizes), and only that part is open
 * at a time, so a Range request decrypts only the segments it needs, in whichever part. A
 * part whose authenticated size differs from its recorded one fails as tampered.
 */
final class PartsChannel extends ReadOnlyChannel {

	private final List<BlobPart> parts;

	private final PartOpener opener;

	/** Where each part starts in the plaintext: found once, searched on every read. */
	private final long[] starts;

	private int openPart = -1;

	private SeekableByteChannel open;

	PartsChannel(List<BlobPart> parts, PartOpener opener) {
		super(parts.stream().mapToLong(BlobPart::plaintextSize).sum());
		this.parts = List.copyOf(parts);
		this.opener = opener;
		this.starts = new long[this.parts.size()];
		long start = 0;
		for (int i = 0; i < this.starts.length; i++) {
			this.starts[i] = start;
			start += this.parts.get(i).plaintextSize();
		}
	}

	/** The last part that starts at or before {@code position} (empty parts skipped). */
	private int partAt(long position) {
		int found = java.util.Arrays.binarySearch(this.starts, position);
		int index = (found >= 0) ? found : -found - 2;
		while (this.parts.get(index).plaintextSize() == 0) {
			index++;
		}
		return index;
	}

	@Override
	int readAt(long position, ByteBuffer destination) throws IOException {
		int index = partAt(position);
		SeekableByteChannel part = part(index);
		part.position(position - this.starts[index]);
		int read = part.read(destination);
		if (read < 0) {
			throw new BlobIntegrityException("Part " + index + " ended before its recorded size", null);
		}
		return read;
	}

	private SeekableByteChannel part(int index) throws IOException {
		if (this.openPart != index) {
			closeOpenPart();
			BlobPart part = this.parts.get(index);
			SeekableByteChannel channel = this.opener.open(part);
			long size = channel.size();
			if (size != part.plaintextSize()) {
				channel.close();
				throw new BlobIntegrityException(
						"Part " + index + " holds " + size + " bytes, not the " + part.plaintextSize() + " recorded",
						null);
			}
			this.open = channel;
			this.openPart = index;
		}
		return this.open;
	}

	@Override
	void release() throws IOException {
		closeOpenPart();
	}

	private void closeOpenPart() throws IOException {
		if (this.open != null) {
			SeekableByteChannel channel = this.open;
			this.open = null;
			this.openPart = -1;
			channel.close();
		}
	}

	/** Opens the decrypting channel of one part. */
	@FunctionalInterface
	interface PartOpener {

		SeekableByteChannel open(BlobPart part) throws IOException;

	}

}
