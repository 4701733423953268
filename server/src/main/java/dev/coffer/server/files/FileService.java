package dev.coffer.server.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.server.ConflictException;
import dev.coffer.server.NotFoundException;
import dev.coffer.server.storage.EncryptedBlobs;
import dev.coffer.server.storage.StoredBlob;

/**
 * Files: find, list, read, restore, rename and delete files and their versions (new files
 * and versions come from {@link FileUploads} and {@link StagedFiles}). The web pages and
 * the REST API both go through here, and so does the one access policy (DESIGN.md §5):
 * every method taking a file id takes the id of the user asking and lets them do what
 * their {@link Permission} on that file allows. A file they may not see is "no such file"
 * (404); an action their permission does not cover on a file they can see is refused
 * (403). Names ({@link #list}, {@link #getByName}) are per-owner: they reach only the
 * user's own files.
 */
@Service
public class FileService {

	private static final String RESTORE_VERSIONS = "restore versions of this file";

	private static final int CRC_BUFFER_SIZE = 256 * 1024;

	private final FileRepository files;

	private final FileVersions versions;

	private final EncryptedBlobs blobs;

	private final TransactionTemplate transactions;

	private final Quotas quotas;

	private final Clock clock;

	private final FileAudit audit;

	private final FolderService folders;

	FileService(FileRepository files, FileVersions versions, EncryptedBlobs blobs, TransactionTemplate transactions,
			Quotas quotas, Clock clock, FileAudit audit, FolderService folders) {
		this.folders = folders;
		this.files = files;
		this.versions = versions;
		this.blobs = blobs;
		this.transactions = transactions;
		this.quotas = quotas;
		this.clock = clock;
		this.audit = audit;
	}

	/**
	 * The files in the owner's root folder, or, with a search, the owner's files in any
	 * folder whose names contain {@code nameContains} (ignoring case and accents). Not
	 * paginated: pages of a folder come from {@link FolderListing}.
	 */
	public List<StoredFile> list(String ownerId, String nameContains, String sort, boolean descending) {
		String query = (nameContains != null) ? nameContains.strip() : "";
		if (query.isEmpty()) {
			return this.files.inFolder(ownerId, FileSort.parse(sort), descending);
		}
		return this.files.search(ownerId, query, FileSort.parse(sort), descending);
	}

	/**
	 * The file and what {@code userId} may do with it: everything if they own it, what
	 * their share grants otherwise. Looked up on every call, never cached, so a revoked
	 * share stops working on the next request.
	 * @throws NotFoundException if the user may not see the file, exactly as if it did
	 * not exist
	 */
	public FileAccess access(String userId, String fileId) {
		return this.files.findAccess(userId, fileId).orElseThrow(FileService::noSuchFile);
	}

	/** The file, if {@code userId} owns it or holds a share of it. */
	public StoredFile get(String userId, String fileId) {
		return access(userId, fileId).file();
	}

	/**
	 * Refuses a name that breaks the file-name rules, without looking anything up.
	 * @throws dev.coffer.server.InvalidInputException if it does
	 */
	public static void requireValidName(String name) {
		FileNames.requireValid(name);
	}

	/** The owner's file of this name in their root folder. */
	public StoredFile getByName(String ownerId, String name) {
		return this.files.findByName(ownerId, FileNames.requireValid(name)).orElseThrow(FileService::noSuchFile);
	}

	/** The versions of a file {@code userId} owns or holds a share of, newest first. */
	public List<FileVersion> versions(String userId, String fileId) {
		List<FileVersion> versions = this.files.versions(userId, fileId);
		if (versions.isEmpty()) {
			throw noSuchFile();
		}
		return versions;
	}

	/**
	 * Version {@code number} of the file, or its current version if {@code number} is
	 * null, if {@code userId} owns the file or holds a share of it (one query finds the
	 * version and proves access).
	 */
	public FileVersion version(String userId, String fileId, Integer number) {
		return this.files.version(userId, fileId, number).orElseThrow(FileService::noSuchVersion);
	}

	/**
	 * Version {@code number} of the file, or its current version if {@code number} is
	 * null, with what {@code userId} may do with the file: one query finds the version
	 * and proves access, as a download needs both.
	 * @throws NotFoundException if the user may not see the file, or it has no such
	 * version
	 */
	ReadableVersion readable(String userId, String fileId, Integer number) {
		return this.files.findReadable(userId, fileId, number).orElseThrow(() -> {
			// Which of the two, for the message: only on this failure path.
			access(userId, fileId);
			return noSuchVersion();
		});
	}

	/**
	 * The current version of the file, read only, if it lies in folder {@code topId} or
	 * below it and nothing on its way up is in the trash: what a public link to that
	 * folder may download (one query, as {@link #readable} for a user).
	 * @throws NotFoundException if the link does not reach it
	 */
	public ReadableVersion readableWithin(String topId, String fileId) {
		ReadableVersion readable = this.files.findReadableWithin(topId, fileId).orElseThrow(FileService::noSuchFile);
		if (readable.version().endToEnd()) {
			throw endToEndOnly(readable.access().file().name());
		}
		return readable;
	}

	/**
	 * Refuses what needs a version's plaintext, which the server does not have for an
	 * end-to-end encrypted one.
	 */
	static ConflictException endToEndOnly(String name) {
		return new ConflictException(name + " is end-to-end encrypted: only the Coffer client of someone it is "
				+ "shared with can open it (coffer get).");
	}

	/** The decrypted content of a version, readable at any offset. */
	public SeekableByteChannel open(FileVersion version) throws IOException {
		return this.blobs.open(version.blobId(), version.wrappedKey(), this.files.parts(version.blobId()));
	}

	/**
	 * The decrypted content of a version found with its parts, readable at any offset: no
	 * further query.
	 */
	public SeekableByteChannel open(ReadableVersion readable) throws IOException {
		FileVersion version = readable.version();
		return this.blobs.open(version.blobId(), version.wrappedKey(), readable.parts());
	}

	/**
	 * The CRC-32 of a version's plaintext: recorded at upload, or, for a version stored
	 * before CRC-32s were recorded, computed by decrypting it once and recorded then.
	 * @throws dev.coffer.crypto.BlobIntegrityException if the content fails
	 * authentication
	 */
	public long crc32(FileVersion version) throws IOException {
		if (version.crc32() != null) {
			return version.crc32();
		}
		CRC32 crc32 = new CRC32();
		try (SeekableByteChannel content = open(version)) {
			ByteBuffer buffer = ByteBuffer.allocate(CRC_BUFFER_SIZE);
			while (content.read(buffer.clear()) >= 0) {
				crc32.update(buffer.flip());
			}
		}
		this.files.recordCrc32(version.id(), crc32.getValue());
		return crc32.getValue();
	}

	/**
	 * What preview a version's content allows: recorded at upload, or, for a version
	 * stored before preview types were recorded, told from its first bytes (decrypted for
	 * this) and recorded then.
	 */
	public PreviewType previewType(FileVersion version) throws IOException {
		if (version.previewType() != null) {
			return version.previewType();
		}
		ByteBuffer head = ByteBuffer.allocate(PreviewType.HEAD_SIZE);
		try (SeekableByteChannel content = open(version)) {
			while (head.hasRemaining() && content.read(head) >= 0) {
				// until the head is full or the content ends
			}
		}
		PreviewType type = PreviewType.detect(Arrays.copyOf(head.array(), head.position()));
		this.files.recordPreviewType(version.id(), type);
		return type;
	}

	/**
	 * Makes an old version current again, as a new version with the same content (owner
	 * or editor).
	 */
	public StoredFile restore(String userId, String fileId, int number) throws IOException {
		FileAccess access = access(userId, fileId).require(Permission.EDIT, RESTORE_VERSIONS);
		String ownerId = access.file().ownerId();
		FileVersion old = version(userId, fileId, number);
		if (old.endToEnd()) {
			// Its file key is wrapped for version number N; a copy as a new number would
			// not open. The client restores it: get --version N, then put --e2e.
			throw new ConflictException("Version " + number + " is end-to-end encrypted: the server cannot copy it "
					+ "as a new version. Download it with the client (coffer get --version " + number
					+ ") and upload it again with put --e2e.");
		}
		StoredBlob copy;
		try (SeekableByteChannel content = open(old)) {
			copy = this.blobs.store(Channels.newInputStream(content), this.quotas.limitFor(ownerId, access.isOwner()));
		}
		StoredFile file = this.versions.commitOrDiscard(copy, () -> this.transactions.execute((status) -> {
			access(userId, fileId).require(Permission.EDIT, RESTORE_VERSIONS);
			this.versions.add(ownerId, fileId, copy, userId);
			return get(userId, fileId);
		}));
		this.audit.record(access, "file.restored", file.name() + ", version " + number);
		return file;
	}

	/** Renames a file (owner only). */
	public StoredFile rename(String ownerId, String fileId, String newName) {
		return move(ownerId, fileId, null, newName);
	}

	/**
	 * Moves a file to another of the owner's folders and/or renames it (owner only; a
	 * null folder or name keeps the one it has). A file moved out of a shared folder is
	 * out of that share's reach from the commit on.
	 * @throws ConflictException if a file or folder in the destination has the name
	 */
	public StoredFile move(String ownerId, String fileId, String folderId, String newName) {
		return move(ownerId, fileId, folderId, newName, WritePreconditions.NONE);
	}

	/**
	 * As {@link #move(String, String, String, String)}, if the file's current version
	 * meets {@code conditions}, checked under the owner's lock.
	 */
	public StoredFile move(String ownerId, String fileId, String folderId, String newName,
			WritePreconditions conditions) {
		access(ownerId, fileId).require(Permission.OWNER, (folderId != null) ? "move this file" : "rename this file");
		String validName = (newName != null) ? FileNames.requireValid(newName) : null;
		try {
			StoredFile file = this.transactions.execute((status) -> {
				// The owner's row first, as every change of names in their tree does: a
				// name found free under that lock stays free until the commit.
				this.files.lockOwner(ownerId);
				StoredFile current = get(ownerId, fileId);
				conditions.check(current.sha256());
				String folder = (folderId != null) ? this.folders.access(ownerId, folderId)
					.require(Permission.OWNER, "move files here")
					.folder()
					.id() : current.folderId();
				String name = (validName != null) ? validName : current.name();
				this.folders.requireFree(folder, name, fileId);
				if (this.files.move(ownerId, fileId, folder, name, this.clock.instant()) == 0) {
					throw noSuchFile();
				}
				return get(ownerId, fileId);
			});
			this.audit.record((folderId != null) ? "file.moved" : "file.renamed", fileId,
					(folderId != null) ? file.name() + " into folder " + file.folderId() : file.name());
			return file;
		}
		catch (DuplicateKeyException ex) {
			throw FolderService.nameTaken(validName);
		}
	}

	/**
	 * Deletes one version. Its wrapped data key goes with the row, in this transaction;
	 * its blob is removed after the commit. The last version cannot go: delete the file
	 * instead.
	 */
	public void deleteVersion(String ownerId, String fileId, int number) {
		access(ownerId, fileId).require(Permission.OWNER, "delete versions");
		this.transactions.executeWithoutResult((status) -> {
			// First, as for every change to what the owner stores
			// (FileRepository.lockOwner).
			this.files.lockOwner(ownerId);
			FileVersion version = version(ownerId, fileId, number);
			if (versions(ownerId, fileId).size() == 1) {
				throw new ConflictException("This is the only version of the file. Delete the file instead.");
			}
			this.versions.deleteContentAfterCommit(List.of(version));
			this.files.setCurrentVersion(fileId, null);
			this.files.deleteVersion(ownerId, version);
			this.files.resetCurrentVersion(fileId, this.clock.instant());
		});
		this.audit.record("file.version_deleted", fileId, "version " + number);
	}

	/**
	 * Deletes the first version of the owner's file if it is empty and the only one
	 * before a non-empty newest version: for clients that make a file empty first and
	 * then write its content (WebDAV's {@code LOCK} of a new name, Finder and Windows
	 * putting 0 bytes first). Kept, that version would be history of nothing, and every
	 * new file would show two versions. Nothing happens otherwise.
	 */
	public void dropEmptyFirstVersion(String ownerId, String fileId) {
		access(ownerId, fileId).require(Permission.OWNER, "delete versions");
		Integer dropped = this.transactions.execute((status) -> {
			this.files.lockOwner(ownerId);
			List<FileVersion> versions = versions(ownerId, fileId);
			FileVersion first = versions.getLast();
			if (versions.size() != 2 || first.size() != 0 || versions.getFirst().size() == 0) {
				return null;
			}
			this.versions.deleteContentAfterCommit(List.of(first));
			this.files.deleteVersion(ownerId, first);
			return first.number();
		});
		if (dropped != null) {
			this.audit.record("file.version_deleted", fileId,
					"version " + dropped + ": empty, replaced by the content that followed");
		}
	}

	/**
	 * Deletes a file for good (owner only), not through the trash: see {@link Trash} for
	 * what users' deletes do.
	 * @return the file as it was
	 */
	public StoredFile delete(String ownerId, String fileId) {
		StoredFile file = access(ownerId, fileId).require(Permission.OWNER, "delete this file").file();
		shred(ownerId, fileId, file.name());
		return file;
	}

	/**
	 * Deletes one of the owner's files for good if it is bare — one version, and nothing
	 * pointing at it (no share, link, comment, or request it arrived through) — checked
	 * and deleted in one transaction under the owner's lock, so that a version added
	 * meanwhile (which takes that lock too) is never deleted with it.
	 * @return whether it was bare and is gone; if not, nothing changed
	 */
	boolean shredIfBare(String ownerId, String fileId) {
		StoredFile shredded = this.transactions.execute((status) -> {
			this.files.lockOwner(ownerId);
			StoredFile file = access(ownerId, fileId).require(Permission.OWNER, "delete this file").file();
			if (file.versionCount() != 1 || !this.files.isUnreferenced(fileId)) {
				return null;
			}
			this.versions.deleteContentAfterCommit(this.files.allVersions(fileId));
			this.files.deleteFile(ownerId, fileId);
			return file;
		});
		if (shredded == null) {
			return false;
		}
		this.audit.record("file.deleted", fileId, shredded.name());
		return true;
	}

	/**
	 * Deletes a file, in the trash or not: all versions and wrapped keys in one
	 * transaction (crypto-shredding), then the blobs. Its shares, links and comments go
	 * with it.
	 * @param name its name, for the audit log, which cannot look it up once it is gone
	 */
	void shred(String ownerId, String fileId, String name) {
		this.transactions.executeWithoutResult((status) -> {
			this.files.lockOwner(ownerId);
			this.versions.deleteContentAfterCommit(this.files.allVersions(fileId));
			this.files.deleteFile(ownerId, fileId);
		});
		this.audit.record("file.deleted", fileId, name);
	}

	static NotFoundException noSuchFile() {
		return new NotFoundException("There is no such file.");
	}

	private static NotFoundException noSuchVersion() {
		return new NotFoundException("There is no such version of this file.");
	}

}