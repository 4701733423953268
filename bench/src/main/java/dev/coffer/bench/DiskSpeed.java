package dev.coffer.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

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

	/**
	 * How many small files per second the file system can make durable the way the server
	 * stores a blob: {@code threads} threads each write a file of {@code size} bytes
	 * under a temporary name, fsync it, rename it into place and fsync its directory
	 * (spread over 256 directories, as blobs are), for {@code duration}. This is the
	 * ceiling of durable small uploads on this disk, whatever the server does above it;
	 * nginx's WebDAV PUT fsyncs nothing and is not bound by it.
	 */
	static double durableFilesPerSecond(Path directory, int threads, int size, Duration duration)
			throws IOException, InterruptedException {
		Path root = Files.createDirectories(directory.resolve(".bench-durable-" + UUID.randomUUID()));
		for (int d = 0; d < 256; d++) {
			Files.createDirectories(root.resolve(String.format("%02x", d)));
		}
		byte[] content = new byte[size];
		new SplittableRandom(7).nextBytes(content);
		AtomicLong files = new AtomicLong();
		long deadline = System.nanoTime() + duration.toNanos();
		long start = System.nanoTime();
		try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
			List<Future<Void>> workers = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				workers.add(pool.submit(() -> {
					while (System.nanoTime() < deadline) {
						String name = UUID.randomUUID().toString();
						Path dir = root.resolve(name.substring(0, 2));
						Path temp = dir.resolve(".pending-" + name);
						try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
								StandardOpenOption.WRITE)) {
							ByteBuffer buffer = ByteBuffer.wrap(content);
							while (buffer.hasRemaining()) {
								channel.write(buffer);
							}
							channel.force(true);
						}
						Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
						try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
							channel.force(true);
						}
						files.incrementAndGet();
					}
					return null;
				}));
			}
			for (Future<Void> worker : workers) {
				worker.get();
			}
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw new IOException("Writing durable files failed", ex.getCause());
		}
		finally {
			deleteTree(root);
		}
		return files.get() / ((System.nanoTime() - start) / 1e9);
	}

	private static void deleteTree(Path root) throws IOException {
		try (var paths = Files.walk(root)) {
			for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

}
