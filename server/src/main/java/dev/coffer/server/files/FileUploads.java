package dev.coffer.server.files;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.server.PayloadTooLargeException;
import dev.coffer.server.storage.EncryptedBlobs;
import dev.coffer.server.storage.EncryptedBlobs.SizeLimit;
import dev.coffer.server.storage.StoredBlob;

/**
 * Uploads: new files and new versions. By name ({@link #upload}, {@link #uploadAll}) an
 * upload reaches only the owner's own files, creating a file or adding a version; by id
 * ({@link #uploadVersion}) it adds a version for the owner or an editor. Content is
 * streamed straight into encrypted storage, the size limit and quota enforced while it
 * streams; the database learns about it only in the transaction that makes it a version,
 * so a failure at any point leaves no record, and the content is removed here or by the
 * orphan sweeper.
 */
@Service
public class FileUploads {

	private static final String UPLOAD_VERSIONS = "upload new versions of this file";

	private static final Runnable NOTHING_MORE = () -> {
	};

	private final FileService fileService;

	private final FileRepository files;

	private final FileVersions versions;

	private final EncryptedBlobs blobs;

	private final TransactionTemplate transactions;

	private final Quotas quotas;

	private final Clock clock;

	private final FileAudit audit;

	private final FolderService folders;

	private final FilePaths paths;

	FileUploads(FileService fileService, FileRepository files, FileVersions versions, EncryptedBlobs blobs,
			TransactionTemplate transactions, Quotas quotas, Clock clock, FileAudit audit, FolderService folders,
			FilePaths paths) {
		this.folders = folders;
		this.paths = paths;
		this.fileService = fileService;
		this.files = files;
		this.versions = versions;
		this.blobs = blobs;
		this.transactions = transactions;
		this.quotas = quotas;
		this.clock = clock;
		this.audit = audit;
	}

	/** What an upload did: the file as it is now, and whether it was created. */
	public record Upload(StoredFile file, boolean created) {
	}

	/**
	 * Content stored for the owner's file {@code name} that is no file's version yet:
	 * {@link #uploadAll} makes it one, {@link #discardUploads} removes it.
	 *
	 * @param startedAt when storing began: the stored object is no older than this
	 * @param endToEnd whether the content is the client's end-to-end ciphertext
	 */
	public record PendingUpload(String name, StoredBlob blob, Instant startedAt, boolean endToEnd) {

		public PendingUpload(String name, StoredBlob blob, Instant startedAt) {
			this(name, blob, startedAt, false);
		}

	}

	/**
	 * Stores {@code content} as the owner's file {@code name}: a new file, or a new
	 * version if the owner already has a file of that name.
	 */
	public Upload upload(String ownerId, String name, InputStream content) throws IOException {
		return upload(ownerId, ownerId, name, content);
	}

	/**
	 * As {@link #upload(String, String, InputStream)}, into one of the owner's folders
	 * ({@code root} or the owner's id for the root).
	 */
	public Upload upload(String ownerId, String folderId, String name, InputStream content) throws IOException {
		// Before a byte is stored; checked again at the commit.
		ownFolder(ownerId, folderId);
		return uploadAll(ownerId, folderId, List.of(store(ownerId, name, content, List.of()))).get(0);
	}

	/**
	 * As {@link #upload(String, String, String, InputStream)}, first refusing at once a
	 * body whose declared length ({@code declaredBytes}, -1 if unknown) is already too
	 * large, as {@link #checkDeclaredSize} does: the owner's usage is summed once for
	 * both the check and the streaming limit, not once for each. {@code endToEnd} marks
	 * the version end-to-end encrypted (the content is the client's ciphertext).
	 */
	public Upload upload(String ownerId, String folderId, String name, long declaredBytes, InputStream content,
			boolean endToEnd) throws IOException {
		return upload(ownerId, folderId, name, declaredBytes, content, endToEnd, WritePreconditions.NONE);
	}

	/**
	 * As {@link #upload(String, String, String, long, InputStream, boolean)}, if the file
	 * of that name (or its absence) meets {@code conditions}: checked before the body is
	 * read, and again as the upload is committed.
	 */
	public Upload upload(String ownerId, String folderId, String name, long declaredBytes, InputStream content,
			boolean endToEnd, WritePreconditions conditions) throws IOException {
		SizeLimit limit = this.quotas.limitFor(ownerId, true);
		if (declaredBytes > limit.bytes()) {
			throw new PayloadTooLargeException(limit.message());
		}
		String folder = ownFolder(ownerId, folderId);
		String validName = FileNames.requireValid(name);
		if (!conditions.isNone()) {
			conditions.check(this.files.findIdByName(folder, validName)
				.map((id) -> this.fileService.get(ownerId, id).sha256())
				.orElse(null));
		}
		Instant startedAt = this.clock.instant();
		PendingUpload pending = new PendingUpload(validName, this.blobs.store(content, limit), startedAt, endToEnd);
		return uploadInto(ownerId, () -> ownFolder(ownerId, folderId), List.of(pending), NOTHING_MORE, conditions)
			.get(0);
	}

	/**
	 * Stores {@code content} as the owner's file at a path (its last segment the file's
	 * name): a new file, or a new version of the file there. Folders on the way that do
	 * not exist are made, in the same transaction.
	 */
	public Upload uploadToPath(String ownerId, List<String> segments, InputStream content) throws IOException {
		return uploadToPath(ownerId, segments, content, false);
	}

	/**
	 * As {@link #uploadToPath(String, List, InputStream)}, marking the version end-to-end
	 * encrypted if {@code endToEnd}.
	 */
	public Upload uploadToPath(String ownerId, List<String> segments, InputStream content, boolean endToEnd)
			throws IOException {
		return uploadToPath(ownerId, segments, content, endToEnd, WritePreconditions.NONE);
	}

	/**
	 * As {@link #uploadToPath(String, List, InputStream, boolean)}, if the file at the
	 * path (or its absence) meets {@code conditions}: checked before the body is read,
	 * and again as the upload is committed.
	 */
	public Upload uploadToPath(String ownerId, List<String> segments, InputStream content, boolean endToEnd,
			WritePreconditions conditions) throws IOException {
		if (!conditions.isNone()) {
			conditions.check(this.paths.findFile(ownerId, segments).map(StoredFile::sha256).orElse(null));
		}
		PendingUpload stored = store(ownerId, segments.getLast(), content, List.of());
		PendingUpload pending = new PendingUpload(stored.name(), stored.blob(), stored.startedAt(), endToEnd);
		return uploadInto(ownerId, () -> this.paths.makeFolders(ownerId, segments), List.of(pending), NOTHING_MORE,
				conditions)
			.get(0);
	}

	/**
	 * Checks the name and stores {@code content} (size limit and quota enforced while
	 * streaming, the quota less what {@code earlier} uploads of the same request hold),
	 * visible to nobody until {@link #uploadAll}.
	 */
	public PendingUpload store(String ownerId, String name, InputStream content, List<PendingUpload> earlier)
			throws IOException {
		String validName = FileNames.requireValid(name);
		Instant startedAt = this.clock.instant();
		long pending = earlier.stream().mapToLong((upload) -> upload.blob().size()).sum();
		return new PendingUpload(validName, this.blobs.store(content, this.quotas.limitFor(ownerId, true, pending)),
				startedAt);
	}

	/**
	 * Makes stored uploads the owner's files by name (new files, or new versions of files
	 * of those names) in one transaction, the quota counted for all of them together: all
	 * of them or, if anything fails, none, and then their content is removed.
	 */
	public List<Upload> uploadAll(String ownerId, List<PendingUpload> pending) {
		return uploadAll(ownerId, ownerId, pending);
	}

	/** As {@link #uploadAll(String, List)}, into one of the owner's folders. */
	public List<Upload> uploadAll(String ownerId, String folderId, List<PendingUpload> pending) {
		return uploadInto(ownerId, () -> ownFolder(ownerId, folderId), pending, NOTHING_MORE, WritePreconditions.NONE);
	}

	/**
	 * As {@link #uploadAll(String, String, List)} for one upload, with
	 * {@code alsoInTransaction} run in the same transaction (a resumable upload removes
	 * its state there).
	 */
	Upload upload(String ownerId, String folderId, PendingUpload pending, Runnable alsoInTransaction) {
		return uploadInto(ownerId, () -> ownFolder(ownerId, folderId), List.of(pending), alsoInTransaction,
				WritePreconditions.NONE)
			.get(0);
	}

	/**
	 * Makes the uploads files in the folder that {@code folder} finds (called in the
	 * transaction, under the owner's lock), and runs {@code alsoInTransaction} before the
	 * commit; each file of a name, or its absence, must meet {@code conditions} there.
	 */
	private List<Upload> uploadInto(String ownerId, Supplier<String> folder, List<PendingUpload> pending,
			Runnable alsoInTransaction, WritePreconditions conditions) {
		try {
			try {
				return this.transactions
					.execute((status) -> saveAndRecord(ownerId, folder, pending, alsoInTransaction, conditions));
			}
			catch (DuplicateKeyException ex) {
				// Someone created one of the names at the same moment: now it exists, add
				// a version (if the conditions allow one).
				return this.transactions
					.execute((status) -> saveAndRecord(ownerId, folder, pending, alsoInTransaction, conditions));
			}
		}
		catch (RuntimeException ex) {
			discardUploads(pending);
			throw ex;
		}
	}

	/** As {@link #saveAllByName}, and records the uploads in the same transaction. */
	private List<Upload> saveAndRecord(String ownerId, Supplier<String> folder, List<PendingUpload> pending,
			Runnable alsoInTransaction, WritePreconditions conditions) {
		List<Upload> uploads = saveAllByName(ownerId, folder, pending, alsoInTransaction, conditions);
		for (int i = 0; i < uploads.size(); i++) {
			Upload upload = uploads.get(i);
			this.audit.record(upload.created() ? "file.uploaded" : "file.version_uploaded", upload.file().id(),
					upload.file().name() + ", " + pending.get(i).blob().size() + " bytes");
		}
		return uploads;
	}

	/** Removes stored uploads that will not become files. */
	public void discardUploads(List<PendingUpload> pending) {
		for (PendingUpload upload : pending) {
			this.versions.discard(upload.blob());
		}
	}

	/**
	 * Stores {@code content} as a new version of file {@code fileId}, for its owner or an
	 * editor. The version counts against the owner's quota and records who uploaded it.
	 */
	public StoredFile uploadVersion(String userId, String fileId, InputStream content) throws IOException {
		return uploadVersion(userId, fileId, content, false);
	}

	/**
	 * As {@link #uploadVersion(String, String, InputStream)}, marking the version
	 * end-to-end encrypted if {@code endToEnd}: then for the owner only, who alone wraps
	 * file keys for the file's recipients.
	 */
	public StoredFile uploadVersion(String userId, String fileId, InputStream content, boolean endToEnd)
			throws IOException {
		return uploadVersion(userId, fileId, content, endToEnd, WritePreconditions.NONE);
	}

	/**
	 * As {@link #uploadVersion(String, String, InputStream, boolean)}, if the file's
	 * current version meets {@code conditions} when the version is committed (see
	 * {@link #checkDeclaredVersion} to refuse before the body is read).
	 */
	public StoredFile uploadVersion(String userId, String fileId, InputStream content, boolean endToEnd,
			WritePreconditions conditions) throws IOException {
		if (endToEnd) {
			requireOwnerForEndToEnd(userId, fileId);
		}
		StoredBlob blob = storeVersion(userId, fileId, content, endToEnd);
		return commitVersion(userId, fileId, blob, NOTHING_MORE, endToEnd, conditions);
	}

	/**
	 * Refuses an end-to-end encrypted version from anyone but the owner: the file key
	 * must be wrapped for every recipient, and only the owner may write wrapped keys.
	 */
	public void requireOwnerForEndToEnd(String userId, String fileId) {
		this.fileService.access(userId, fileId).require(Permission.OWNER, "upload end-to-end encrypted versions");
	}

	/**
	 * Stores {@code content} for a new version of file {@code fileId}, visible to nobody
	 * until {@link #commitVersion}; {@link #discardVersion} removes it.
	 */
	public StoredBlob storeVersion(String userId, String fileId, InputStream content) throws IOException {
		return storeVersion(userId, fileId, content, false);
	}

	/**
	 * As {@link #storeVersion(String, String, InputStream)}; plain content for an
	 * end-to-end encrypted file is refused before it is read (and again when it would be
	 * committed, {@link FileVersions#add}).
	 */
	private StoredBlob storeVersion(String userId, String fileId, InputStream content, boolean endToEnd)
			throws IOException {
		FileAccess access = mayUploadVersions(userId, fileId);
		if (access.file().endToEnd() && !endToEnd) {
			throw FileVersions.plainOverEndToEnd();
		}
		return this.blobs.store(content, this.quotas.limitFor(access.file().ownerId(), access.isOwner()));
	}

	/** Removes content stored by {@link #storeVersion} that will not become a version. */
	public void discardVersion(StoredBlob blob) {
		this.versions.discard(blob);
	}

	/** Makes content stored by {@link #storeVersion} the file's new current version. */
	public StoredFile commitVersion(String userId, String fileId, StoredBlob blob) {
		return commitVersion(userId, fileId, blob, NOTHING_MORE);
	}

	/**
	 * As {@link #commitVersion(String, String, StoredBlob)}, with
	 * {@code alsoInTransaction} run in the same transaction.
	 */
	StoredFile commitVersion(String userId, String fileId, StoredBlob blob, Runnable alsoInTransaction) {
		return commitVersion(userId, fileId, blob, alsoInTransaction, false, WritePreconditions.NONE);
	}

	private StoredFile commitVersion(String userId, String fileId, StoredBlob blob, Runnable alsoInTransaction,
			boolean endToEnd, WritePreconditions conditions) {
		return this.versions.commitOrDiscard(blob, () -> this.transactions.execute((status) -> {
			// Checked at commit: a share revoked during the upload stops it here.
			FileAccess access = mayUploadVersions(userId, fileId);
			this.versions.add(access.file().ownerId(), fileId, blob, userId, endToEnd, conditions);
			alsoInTransaction.run();
			StoredFile file = this.fileService.get(userId, fileId);
			this.audit.record(access, "file.version_uploaded", file.name() + ", " + blob.size() + " bytes");
			return file;
		}));
	}

	/**
	 * Refuses at once an upload whose declared length is already too large, before a byte
	 * of it is read. (The limit is enforced while streaming as well: a declared length
	 * can lie.)
	 */
	public void checkDeclaredSize(String ownerId, long declaredBytes) {
		this.quotas.checkDeclaredSize(ownerId, true, declaredBytes);
	}

	/**
	 * Refuses at once a new version whose declared length is already too large for the
	 * file owner's quota, a user who may not upload versions of this file, and plain
	 * content ({@code endToEnd} false) for an end-to-end encrypted file.
	 */
	public void checkDeclaredVersion(String userId, String fileId, long declaredBytes, boolean endToEnd) {
		checkDeclaredVersion(userId, fileId, declaredBytes, endToEnd, WritePreconditions.NONE);
	}

	/**
	 * As {@link #checkDeclaredVersion(String, String, long, boolean)}, and refuses a
	 * version whose {@code conditions} the file's current version does not meet now.
	 */
	public void checkDeclaredVersion(String userId, String fileId, long declaredBytes, boolean endToEnd,
			WritePreconditions conditions) {
		FileAccess access = mayUploadVersions(userId, fileId);
		conditions.check(access.file().sha256());
		if (access.file().endToEnd() && !endToEnd) {
			throw FileVersions.plainOverEndToEnd();
		}
		this.quotas.checkDeclaredSize(access.file().ownerId(), access.isOwner(), declaredBytes);
	}

	private FileAccess mayUploadVersions(String userId, String fileId) {
		return this.fileService.access(userId, fileId).require(Permission.EDIT, UPLOAD_VERSIONS);
	}

	private String ownFolder(String ownerId, String folderId) {
		return this.folders.access(ownerId, folderId)
			.require(Permission.OWNER, "add files to this folder")
			.folder()
			.id();
	}

	private List<Upload> saveAllByName(String ownerId, Supplier<String> folderOf, List<PendingUpload> pending,
			Runnable alsoInTransaction, WritePreconditions conditions) {
		// The owner's row first (FileVersions.add locks it again, a no-op): inserting a
		// file takes a shared lock on it for the foreign key, and two uploads that each
		// hold that and then ask for the exclusive lock deadlock on PostgreSQL and
		// MariaDB. It also keeps the folder and its names as found until the commit.
		this.files.lockOwner(ownerId);
		String folder = folderOf.get();
		List<Upload> uploads = new ArrayList<>();
		for (PendingUpload upload : pending) {
			this.versions.requireStillStored(upload.blob(), upload.startedAt());
			uploads.add(saveByName(ownerId, folder, upload.name(), upload.blob(), upload.endToEnd(), conditions));
		}
		alsoInTransaction.run();
		return uploads;
	}

	private Upload saveByName(String ownerId, String folderId, String name, StoredBlob blob, boolean endToEnd,
			WritePreconditions conditions) {
		if (this.folders.isFolderNamed(folderId, name)) {
			throw FolderService.nameTaken(name);
		}
		String fileId = this.files.findIdByName(folderId, name).orElse(null);
		boolean created = (fileId == null);
		if (created) {
			conditions.check(null);
			fileId = UUID.randomUUID().toString();
			this.files.insertFile(fileId, ownerId, folderId, name, this.clock.instant());
		}
		this.versions.addUnderOwnerLock(ownerId, fileId, blob, ownerId, endToEnd,
				created ? WritePreconditions.NONE : conditions);
		return new Upload(this.fileService.get(ownerId, fileId), created);
	}

}
