package dev.coffer.server.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.coffer.server.InsufficientStorageException;
import dev.coffer.server.OwnerOnlyFiles;

/**
 * Objects as files under {@code <data-dir>/blobs}, spread over 256 sub-directories by the
 * first two characters of the key. A write goes to a temporary file in the object's own
 * directory, which is fsynced, atomically renamed to its final name, and then the
 * directory is fsynced, so after {@link PendingObject#commit()} returns the object
 * survives a power cut, and before it no reader ever sees a partial object. Every path is
 * checked to stay under the root.
 * <p>
 * A write that fails because the file system is full throws
 * {@link InsufficientStorageException} (HTTP 507); its temporary file is removed.
 */
public class LocalBlobStore implements BlobStore {

	private static final Logger logger = LoggerFactory.getLogger(LocalBlobStore.class);

	/** Below this much usable space a failed write is taken for a full file system. */
	private static final long NEARLY_FULL = 1024 * 1024;

	static final String TEMP_PREFIX = ".tmp-";

	private final Path root;

	public LocalBlobStore(Path root) throws IOException {
		this.root = OwnerOnlyFiles.createDirectories(root).toRealPath();
	}

	@Override
	public PendingObject create(String key) throws IOException {
		Path target = pathOf(key);
		try {
			Path dir = OwnerOnlyFiles.createDirectories(target.getParent());
			Path temp = dir.resolve(TEMP_PREFIX + key + "-" + UUID.randomUUID());
			FileChannel channel = FileChannel.open(temp,
					java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			return new LocalPendingObject(channel, temp, target);
		}
		catch (IOException ex) {
			throw outOfSpaceOr(ex);
		}
	}

	@Override
	public SeekableByteChannel open(String key) throws IOException {
		return FileChannel.open(pathOf(key), StandardOpenOption.READ);
	}

	@Override
	public long size(String key) throws IOException {
		return Files.size(pathOf(key));
	}

	@Override
	public void delete(String key) throws IOException {
		Files.deleteIfExists(pathOf(key));
	}

	@Override
	public List<String> listKeysModifiedBefore(Instant cutoff) throws IOException {
		List<String> keys = new ArrayList<>();
		for (Path file : allFiles()) {
			String name = file.getFileName().toString();
			if (ObjectKeys.isValid(name) && Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
				keys.add(name);
			}
		}
		return keys;
	}

	@Override
	public int deleteAbandonedWritesBefore(Instant cutoff) throws IOException {
		int deleted = 0;
		for (Path file : allFiles()) {
			if (file.getFileName().toString().startsWith(TEMP_PREFIX)
					&& Files.getLastModifiedTime(file).toInstant().isBefore(cutoff) && Files.deleteIfExists(file)) {
				deleted++;
			}
		}
		return deleted;
	}

	/** The file of an object: validated key, and a path proven to stay under the root. */
	Path pathOf(String key) {
		ObjectKeys.requireValid(key);
		Path path = this.root.resolve(key.substring(0, 2)).resolve(key).normalize();
		if (!path.startsWith(this.root)) {
			throw new IllegalArgumentException("Object path escapes the blob directory");
		}
		return path;
	}

	private List<Path> allFiles() throws IOException {
		List<Path> files = new ArrayList<>();
		try (DirectoryStream<Path> dirs = Files.newDirectoryStream(this.root, Files::isDirectory)) {
			for (Path dir : dirs) {
				try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isRegularFile)) {
					entries.forEach(files::add);
				}
			}
		}
		return files;
	}

	/**
	 * {@link InsufficientStorageException} if {@code failure} means the file system is
	 * full ("No space left on device", an exhausted quota, or hardly any usable space
	 * left: the operating system's words are not the same everywhere); else
	 * {@code failure} itself.
	 */
	private IOException outOfSpaceOr(IOException failure) {
		String reason = (failure instanceof FileSystemException fs) ? fs.getReason() : failure.getMessage();
		boolean full = reason != null && (reason.contains("No space left") || reason.contains("quota exceeded"));
		if (!full) {
			try {
				full = Files.getFileStore(this.root).getUsableSpace() < NEARLY_FULL;
			}
			catch (IOException ex) {
				full = false;
			}
		}
		if (!full) {
			return failure;
		}
		logger.warn("The blob directory {} is full ({}): the write was refused with 507 and removed", this.root,
				reason);
		throw new InsufficientStorageException();
	}

	private static void fsyncDirectory(Path dir) throws IOException {
		try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
			channel.force(true);
		}
	}

	private final class LocalPendingObject implements PendingObject {

		private final FileChannel channel;

		private final Path temp;

		private final Path target;

		private final OutputStream stream;

		private boolean committed;

		LocalPendingObject(FileChannel channel, Path temp, Path target) {
			this.channel = channel;
			this.temp = temp;
			this.target = target;
			// Closing the caller's stream (encryption layers close their sink) must not
			// close the
			// channel before commit() has forced it to disk.
			this.stream = new java.io.FilterOutputStream(Channels.newOutputStream(channel)) {
				@Override
				public void write(byte[] b, int off, int len) throws IOException {
					try {
						this.out.write(b, off, len);
					}
					catch (IOException ex) {
						throw outOfSpaceOr(ex);
					}
				}

				@Override
				public void close() throws IOException {
					flush();
				}
			};
		}

		@Override
		public OutputStream stream() {
			return this.stream;
		}

		@Override
		public void commit() throws IOException {
			try {
				this.channel.force(true);
				this.channel.close();
				Files.move(this.temp, this.target, StandardCopyOption.ATOMIC_MOVE);
				fsyncDirectory(this.target.getParent());
			}
			catch (IOException ex) {
				throw outOfSpaceOr(ex);
			}
			this.committed = true;
		}

		@Override
		public void close() {
			if (this.committed) {
				return;
			}
			try {
				this.channel.close();
			}
			catch (IOException ex) {
				// Discarding anyway.
			}
			try {
				Files.deleteIfExists(this.temp);
			}
			catch (IOException ex) {
				// The sweeper removes it later.
			}
		}

	}

}
