package dev.coffer.cli.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only their owner may read: the directory is made 0700 and each file 0600 from the
 * moment it exists (written to a temporary file with those permissions, then renamed over
 * the old one, so a reader never sees half a file). On a file system without POSIX
 * permissions (Windows) the files sit in the user's profile, which only they can read.
 */
final class PrivateFiles {

	private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

	private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

	private PrivateFiles() {
	}

	static void write(Path file, String content) throws IOException {
		Path directory = file.toAbsolutePath().getParent();
		createDirectory(directory);
		Path temp = Files.createTempFile(directory, "." + file.getFileName(), ".tmp", fileAttributes(directory));
		try {
			Files.writeString(temp, content, StandardCharsets.UTF_8);
			Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		finally {
			Files.deleteIfExists(temp);
		}
	}

	private static void createDirectory(Path directory) throws IOException {
		if (isPosix(directory.getRoot())) {
			try {
				Files.createDirectories(directory.getParent());
				Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
			}
			catch (FileAlreadyExistsException ex) {
				// An existing directory keeps its place; it is tightened below.
			}
			Files.setPosixFilePermissions(directory, OWNER_ONLY_DIRECTORY);
		}
		else {
			Files.createDirectories(directory);
		}
	}

	private static FileAttribute<?>[] fileAttributes(Path directory) {
		return isPosix(directory) ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE) }
				: new FileAttribute<?>[0];
	}

	private static boolean isPosix(Path path) {
		return path.getFileSystem().supportedFileAttributeViews().contains("posix");
	}

}
