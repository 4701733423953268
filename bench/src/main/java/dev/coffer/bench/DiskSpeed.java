package dev.coffer.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The file system's own sequential write speed: writes a file with a 1 MiB buffer and
 * fsyncs it, timed including the fsync, the way the server writes a blob (without the
 * encryption and the network), then deletes it.
 */
final class DiskSpeed {

	private DiskSpeed() {
	}

	/** Bytes per second. */
	static double measure(Path directory, long bytes) throws IOException {
		Path file = directory.resolve(".bench-disk-" + UUID.randomUUID());
		ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
		byte[] random = new byte[1 << 20];
		new SplittableRandom(42).nextBytes(random);
		buffer.put(random).flip();
		try {
			long start = System.nanoTime();
			try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
					StandardOpenOption.WRITE)) {
				long remaining = bytes;
				while (remaining > 0) {
					buffer.clear();
					if (remaining < buffer.capacity()) {
						buffer.limit((int) remaining);
					}
					while (buffer.hasRemaining()) {
						remaining -= channel.write(buffer);
					}
				}
				channel.force(true);
			}
			long elapsed = System.nanoTime() - start;
			return bytes / (elapsed / 1e9);
		}
		finally {
			Files.deleteIfExists(file);
		}
	}

}
