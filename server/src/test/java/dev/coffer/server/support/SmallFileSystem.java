package dev.coffer.server.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real, small file system (a {@code tmpfs} mount) that a test fills up to produce "No
 * space left on device" for the server, and frees again. Mounting needs root, which the
 * tests have here and in CI; without it the test fails with the reason, it does not pass
 * silently. {@link #close()} unmounts, lazily if the server still holds files open.
 */
public final class SmallFileSystem implements AutoCloseable {

	private final Path mountPoint;

	private final Path filler;

	private SmallFileSystem(Path mountPoint) {
		this.mountPoint = mountPoint;
		this.filler = mountPoint.resolve("filler");
	}

	/** Mounts a tmpfs of {@code megabytes} on a new directory. */
	public static SmallFileSystem mount(int megabytes) throws IOException, InterruptedException {
		return mountAt(Files.createTempDirectory("coffer-small-fs-"), megabytes);
	}

	/**
	 * Mounts a tmpfs of {@code megabytes} on {@code mountPoint} (created if need be).
	 */
	public static SmallFileSystem mountAt(Path mountPoint, int megabytes) throws IOException, InterruptedException {
		Files.createDirectories(mountPoint);
		run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m,mode=0700", "tmpfs", mountPoint.toString());
		return new SmallFileSystem(mountPoint);
	}

	public Path root() {
		return this.mountPoint;
	}

	/** Writes a filler file until the file system has no space left. */
	public void fill() throws IOException {
		byte[] block = new byte[64 * 1024];
		try (OutputStream out = Files.newOutputStream(this.filler)) {
			while (true) {
				out.write(block);
			}
		}
		catch (IOException full) {
			if (!String.valueOf(full.getMessage()).contains("No space left")) {
				throw full;
			}
		}
		// Whatever is left is smaller than a block: take it too, a byte at a time.
		try (OutputStream out = Files.newOutputStream(this.filler, java.nio.file.StandardOpenOption.APPEND)) {
			while (true) {
				out.write(0);
				out.flush();
			}
		}
		catch (IOException full) {
			// now it is full
		}
	}

	/** Deletes the filler file: the space is back. */
	public void free() throws IOException {
		Files.deleteIfExists(this.filler);
	}

	@Override
	public void close() throws IOException, InterruptedException {
		run("umount", "--lazy", this.mountPoint.toString());
		Files.deleteIfExists(this.mountPoint);
	}

	private static void run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed (tests that fill a disk mount a"
					+ " tmpfs and need root): " + output.strip());
		}
	}

}
