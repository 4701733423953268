package dev.coffer.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A file that holds a cleartext key set: created owner-only from its first byte,
 * published atomically, and refused when group or others may access it. On file systems
 * without POSIX permissions the permission rules are skipped.
 */
final class KeysetFile {

	private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
			PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
			PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

	/** A key set is a few hundred bytes per key; anything this large is not one. */
	private static final long MAX_SIZE = 1024 * 1024;

	private final Path file;

	private final boolean posix;

	KeysetFile(Path file) {
		this.file = file.toAbsolutePath().normalize();
		this.posix = this.file.getFileSystem().supportedFileAttributeViews().contains("posix");
	}

	/**
	 * Reads the file if it exists.
	 * @throws CryptoException if group or others may access it
	 */
	Optional<String> readIfPresent() throws IOException, CryptoException {
		if (!Files.exists(this.file)) {
			return Optional.empty();
		}
		if (!Files.isRegularFile(this.file)) {
			throw new IOException("master key set " + this.file + " is not a regular file");
		}
		if (this.posix) {
			Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(this.file);
			if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
				throw new CryptoException("master key set " + this.file + " is accessible by group or others ("
						+ PosixFilePermissions.toString(permissions) + "); restrict it with: chmod 600 " + this.file);
			}
		}
		if (Files.size(this.file) > MAX_SIZE) {
			throw new CryptoException("master key set " + this.file + " is too large to be a key set");
		}
		return Optional.of(Files.readString(this.file, StandardCharsets.UTF_8));
	}

	/**
	 * Writes {@code content} unless the file already exists; never replaces an existing
	 * file, so two processes starting at once cannot each publish a different key set.
	 * @return whether this call created the file
	 */
	boolean createIfAbsent(String content) throws IOException {
		Path temp = writeTemp(content);
		try {
			try {
				// A hard link publishes atomically and fails if the target exists.
				Files.createLink(this.file, temp);
			}
			catch (FileAlreadyExistsException ex) {
				return false;
			}
			catch (UnsupportedOperationException | IOException ex) {
				// No hard links on this file system: a rename is atomic but may replace.
				if (Files.exists(this.file)) {
					return false;
				}
				Files.move(temp, this.file, StandardCopyOption.ATOMIC_MOVE);
			}
			syncDirectory();
			return true;
		}
		finally {
			Files.deleteIfExists(temp);
		}
	}

	/** Atomically replaces the file (or creates it) with {@code content}. */
	void replace(String content) throws IOException {
		Path temp = writeTemp(content);
		try {
			Files.move(temp, this.file, StandardCopyOption.ATOMIC_MOVE);
			syncDirectory();
		}
		finally {
			Files.deleteIfExists(temp);
		}
	}

	@Override
	public String toString() {
		return this.file.toString();
	}

	/**
	 * Writes and syncs a temporary file in the target directory, owner-only from
	 * creation.
	 */
	private Path writeTemp(String content) throws IOException {
		Path directory = this.file.getParent();
		Path temp;
		if (this.posix) {
			Files.createDirectories(directory, attribute("rwx------"));
			temp = Files.createTempFile(directory, ".master-", ".tmp", attribute("rw-------"));
		}
		else {
			Files.createDirectories(directory);
			temp = Files.createTempFile(directory, ".master-", ".tmp");
		}
		try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
			ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
			while (bytes.hasRemaining()) {
				channel.write(bytes);
			}
			channel.force(true);
		}
		catch (IOException ex) {
			Files.deleteIfExists(temp);
			throw ex;
		}
		return temp;
	}

	/** Makes the new directory entry durable; not every platform can open a directory. */
	private void syncDirectory() {
		if (!this.posix) {
			return;
		}
		try (FileChannel directory = FileChannel.open(this.file.getParent(), StandardOpenOption.READ)) {
			directory.force(true);
		}
		catch (IOException | UnsupportedOperationException ex) {
			// Best effort: the file itself was synced before it was published.
		}
	}

	private static FileAttribute<Set<PosixFilePermission>> attribute(String permissions) {
		return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
	}

}
