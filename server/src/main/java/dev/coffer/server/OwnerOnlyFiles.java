package dev.coffer.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Creates directories (0700) and files (0600) that only the server's own OS user can
 * read. Permissions are set at creation, so a secret is never readable by others even for
 * an instant. On file systems without POSIX permissions the files are created with the
 * platform defaults.
 */
public final class OwnerOnlyFiles {

	private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

	private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

	private OwnerOnlyFiles() {
	}

	/**
	 * Creates {@code dir} and missing parents; a directory Coffer creates is owner-only.
	 */
	public static Path createDirectories(Path dir) throws IOException {
		Path absolute = dir.toAbsolutePath().normalize();
		if (Files.isDirectory(absolute)) {
			return absolute;
		}
		Path parent = absolute.getParent();
		if (parent != null && !Files.isDirectory(parent)) {
			Files.createDirectories(parent);
		}
		try {
			if (isPosix(parent)) {
				Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(DIRECTORY));
				// The umask may have removed bits we asked for; never added any. Set
				// exactly.
				Files.setPosixFilePermissions(absolute, DIRECTORY);
			}
			else {
				Files.createDirectory(absolute);
			}
		}
		catch (FileAlreadyExistsException ex) {
			// Created concurrently by another process: fine, as long as it is a
			// directory.
			if (!Files.isDirectory(absolute)) {
				throw ex;
			}
		}
		return absolute;
	}

	/**
	 * Writes {@code content} to {@code file} atomically: a temporary owner-only file in
	 * the same directory, fsync, then an atomic rename over the target.
	 */
	public static void write(Path file, byte[] content) throws IOException {
		Path dir = createDirectories(file.toAbsolutePath().getParent());
		Path temp = createTempFile(dir, file.getFileName() + ".");
		try {
			try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE)) {
				out.write(content);
			}
			try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
				channel.force(true);
			}
			Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		finally {
			Files.deleteIfExists(temp);
		}
	}

	/**
	 * Makes an existing file owner-only (0600) if group or others may access it; a file
	 * that is missing, or that this user may not change, is left as it is.
	 */
	public static void restrictToOwner(Path file) {
		try {
			if (Files.isRegularFile(file) && isAccessibleByOthers(file)) {
				Files.setPosixFilePermissions(file, FILE);
			}
		}
		catch (IOException ex) {
			// Not ours to change, or gone meanwhile (H2's lock file): nothing to do.
		}
	}

	/** True if group or others may read, write or enter {@code path}. */
	public static boolean isAccessibleByOthers(Path path) throws IOException {
		if (!isPosix(path)) {
			return false;
		}
		Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
		return permissions.stream().anyMatch((p) -> !p.name().startsWith("OWNER_"));
	}

	private static Path createTempFile(Path dir, String prefix) throws IOException {
		FileAttribute<?>[] attributes = isPosix(dir)
				? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(FILE) } : new FileAttribute<?>[0];
		return Files.createTempFile(dir, prefix, ".tmp", attributes);
	}

	private static boolean isPosix(Path path) {
		return path.getFileSystem().supportedFileAttributeViews().contains("posix");
	}

}
