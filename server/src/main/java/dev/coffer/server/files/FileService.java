package dev.coffer.server.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.server.ConflictException;
import dev.coffer.server.CofferProperties;
import dev.coffer.server.NotFoundException;
import dev.coffer.server.PayloadTooLargeException;
import dev.coffer.server.SecurityEvent;
import dev.coffer.server.storage.EncryptedBlobs;
import dev.coffer.server.storage.EncryptedBlobs.SizeLimit;
import dev.coffer.server.storage.StoredBlob;

/**
 * Files: upload (a new file or a new version), list, read, restore, rename and delete.
 * The web pages and the REST API both go through here, and so does the one access policy
 * (DESIGN.md §5): every method taking a file id takes the id of the user asking and lets
 * them do what their {@link Permission} on that file allows. A file they may not see is
 * "no such file" (404); an action their permission does not cover on a file they can see
 * is refused (403). Names ({@link #upload}, {@link #list}, {@link #getByName}) are
 * per-owner: they reach only the user's own files. Uploads are streamed straight into
 * encrypted storage; the database learns about a blob only in the transaction that makes
 * it a version, so a failure at any point leaves no record, and the blob it may leave
 * behind is removed here or by the orphan sweeper. Content can also be staged first and
 * turned into several new files in one transaction ({@link #stage},
 * {@link #createFiles}), so that they appear together or not at all.
 */
@Service
public class FileService {

	private static final Logger logger = LoggerFactory.getLogger(FileService.class);

	private static final String UPLOAD_VERSIONS = "upload new versions of this file";

	private static final String RESTORE_VERSIONS = "restore versions of this file";

	/** How many of its names {@link #createFiles} tries for one file. */
	private static final int MAX_NAME_ATTEMPTS = 50;

	private final FileRepository files;

	private final EncryptedBlobs blobs;

	private final TransactionTemplate transactions;

	private final CofferProperties coffer;

	private final Quotas quotas;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	FileService(FileRepository files, EncryptedBlobs blobs, TransactionTemplate transactions, CofferProperties coffer,
			Quotas quotas, Clock clock, ApplicationEventPublisher events) {
		this.events = events;
		this.files = files;
		this.blobs = blobs;
		this.transactions = transactions;
		this.coffer = coffer;
		this.quotas = quotas;
		this.clock = clock;
	}

	/** What an upload did: the file as it is now, and whether it was created. */
	public record Upload(StoredFile file, boolean created) {
	}

	/**
	 * Content stored for the owner's file {@code name} that is no file's version yet:
	 * {@link #uploadAll} makes it one, {@link #discardUploads} removes it.
	 */
	public record PendingUpload(String name, StoredBlob blob) {
	}

	/**
	 * Stores {@code content} as the owner's file {@code name}: a new file, or a new
	 * version if the owner already has a file of that name.
	 */
	public Upload upload(String ownerId, String name, InputStream content) throws IOException {
		return uploadAll(ownerId, List.of(store(ownerId, name, content))).get(0);
	}

	/**
	 * Checks the name and stores {@code content} (size limit and quota enforced while
	 * streaming), visible to nobody until {@link #uploadAll}.
	 */
	public PendingUpload store(String ownerId, String name, InputStream content) throws IOException {
		String validName = FileNames.requireValid(name);
		return new PendingUpload(validName, this.blobs.store(content, this.quotas.limitFor(ownerId, true)));
	}

	/**
	 * Makes stored uploads the owner's files by name (new files, or new versions of files
	 * of those names) in one transaction, the quota counted for all of them together: all
	 * of them or, if anything fails, none, and then their content is removed.
	 */
	public List<Upload> uploadAll(String ownerId, List<PendingUpload> pending) {
		List<Upload> uploads;
		try {
			try {
				uploads = this.transactions.execute((status) -> saveAllByName(ownerId, pending));
			}
			catch (DuplicateKeyException ex) {
				// Someone created one of the names at the same moment: now it exists, add
				// a version.
				uploads = this.transactions.execute((status) -> saveAllByName(ownerId, pending));
			}
		}
		catch (RuntimeException ex) {
			discardUploads(pending);
			throw ex;
		}
		for (int i = 0; i < uploads.size(); i++) {
			Upload upload = uploads.get(i);
			audit(upload.created() ? "file.uploaded" : "file.version_uploaded", upload.file().id(),
					upload.file().name() + ", " + pending.get(i).blob().size() + " bytes");
		}
		return uploads;
	}

	/** Removes stored uploads that will not become files. */
	public void discardUploads(List<PendingUpload> pending) {
		for (PendingUpload upload : pending) {
			deleteQuietly(upload.blob().blobId(), upload.blob().parts().size());
		}
	}

	private List<Upload> saveAllByName(String ownerId, List<PendingUpload> pending) {
		List<Upload> uploads = new ArrayList<>();
		for (PendingUpload upload : pending) {
			uploads.add(saveByName(ownerId, upload.name(), upload.blob()));
		}
		return uploads;
	}

	/**
	 * Content stored for a file that does not exist yet: encrypted and in storage, but
	 * referenced by no version, so nobody sees it (see {@link #stage}).
	 *
	 * @param blob the stored blob
	 * @param startedAt when storing began: the stored object is no older than this
	 */
	public record StagedContent(StoredBlob blob, Instant startedAt) {

		/** Plaintext bytes. */
		public long size() {
			return this.blob.size();
		}

	}

	/**
	 * A file for {@link #createFiles} to create.
	 *
	 * @param content its staged content
	 * @param names the names to try, for attempt 1, 2, …: the first one that is free is
	 * taken
	 */
	public record NewFile(StagedContent content, IntFunction<String> names) {
	}

	/**
	 * Stores {@code content} for a new file of the owner that {@link #createFiles}
	 * creates later, so that several can be stored first and all appear at once. Nothing
	 * refers to it until then: content never committed is removed by {@link #discard}, or
	 * by the orphan sweeper after its grace period. The size limit, the owner's quota and
	 * {@code cap} are enforced while streaming; the quota again, for all files together,
	 * at the commit.
	 * @param cap a limit of the caller's, enforced as well
	 */
	public StagedContent stage(String ownerId, InputStream content, SizeLimit cap) throws IOException {
		Instant startedAt = this.clock.instant();
		SizeLimit ownerLimit = this.quotas.limitFor(ownerId, false);
		SizeLimit limit = (cap.bytes() < ownerLimit.bytes()) ? cap : ownerLimit;
		return new StagedContent(this.blobs.store(content, limit), startedAt);
	}

	/**
	 * Creates new files of the owner from staged content, in one transaction: each under
	 * the first free one of its names (never as a version of a file the owner has), all
	 * of them counted against the owner's quota together, and {@code alsoInTransaction}
	 * run with the files before the commit. If anything fails, no file is created and all
	 * the staged content is removed.
	 * @return the files, in the order given
	 * @throws ConflictException if all names of a file are taken
	 * @throws PayloadTooLargeException if the files would go over the owner's quota
	 */
	public List<StoredFile> createFiles(String ownerId, List<NewFile> newFiles,
			Consumer<List<StoredFile>> alsoInTransaction) {
		List<StoredFile> created;
		try {
			created = this.transactions.execute((status) -> {
				// The owner's row first, as every creation and rename of the owner's
				// files does: while this transaction holds it, a name found free stays
				// free.
				this.files.lockOwner(ownerId);
				this.quotas.requireRoom(ownerId,
						newFiles.stream().mapToLong((newFile) -> newFile.content().size()).sum(), false);
				List<StoredFile> files = new ArrayList<>();
				for (NewFile newFile : newFiles) {
					requireStillStored(newFile.content());
					String fileId = UUID.randomUUID().toString();
					this.files.insertFile(fileId, ownerId, freeName(ownerId, newFile.names()), this.clock.instant());
					addVersion(ownerId, fileId, newFile.content().blob(), ownerId);
					files.add(get(ownerId, fileId));
				}
				alsoInTransaction.accept(files);
				return files;
			});
		}
		catch (RuntimeException ex) {
			discard(newFiles.stream().map(NewFile::content).toList());
			throw ex;
		}
		for (StoredFile file : created) {
			audit("file.uploaded", file.id(), file.name() + ", " + file.size() + " bytes");
		}
		return created;
	}

	/** Removes staged content that will not become a file. */
	public void discard(List<StagedContent> staged) {
		for (StagedContent content : staged) {
			deleteQuietly(content.blob().blobId(), content.blob().parts().size());
		}
	}

	/**
	 * Stores {@code content} as a new version of file {@code fileId}, for its owner or an
	 * editor. The version counts against the owner's quota and records who uploaded it.
	 */
	public StoredFile uploadVersion(String userId, String fileId, InputStream content) throws IOException {
		return commitVersion(userId, fileId, storeVersion(userId, fileId, content));
	}

	/**
	 * Stores {@code content} for a new version of file {@code fileId}, visible to nobody
	 * until {@link #commitVersion}; {@link #discardVersion} removes it.
	 */
	public StoredBlob storeVersion(String userId, String fileId, InputStream content) throws IOException {
		FileAccess access = access(userId, fileId).require(Permission.EDIT, UPLOAD_VERSIONS);
		return this.blobs.store(content, this.quotas.limitFor(access.file().ownerId(), access.isOwner()));
	}

	/** Removes content stored by {@link #storeVersion} that will not become a version. */
	public void discardVersion(StoredBlob blob) {
		deleteQuietly(blob.blobId(), blob.parts().size());
	}

	/** Makes content stored by {@link #storeVersion} the file's new current version. */
	public StoredFile commitVersion(String userId, String fileId, StoredBlob blob) {
		FileAccess access = commitOrDiscard(blob,
				() -> access(userId, fileId).require(Permission.EDIT, UPLOAD_VERSIONS));
		String ownerId = access.file().ownerId();
		StoredFile file = commitOrDiscard(blob, () -> this.transactions.execute((status) -> {
			// Checked again at commit: a share revoked during the upload stops it here.
			access(userId, fileId).require(Permission.EDIT, UPLOAD_VERSIONS);
			addVersion(ownerId, fileId, blob, userId);
			return get(userId, fileId);
		}));
		audit(access, "file.version_uploaded", file.name() + ", " + blob.size() + " bytes");
		return file;
	}

	public List<StoredFile> list(String ownerId, String nameContains, String sort, boolean descending) {
		return this.files.list(ownerId, (nameContains != null) ? nameContains.strip() : "", FileSort.parse(sort),
				descending);
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
		return this.files.version(userId, fileId, number)
			.orElseThrow(() -> new NotFoundException("There is no such version of this file."));
	}

	/** The decrypted content of a version, readable at any offset. */
	public SeekableByteChannel open(FileVersion version) throws IOException {
		return this.blobs.open(version.blobId(), version.wrappedKey(), this.files.parts(version.blobId()));
	}

	/**
	 * Makes an old version current again, as a new version with the same content (owner
	 * or editor).
	 */
	public StoredFile restore(String userId, String fileId, int number) throws IOException {
		FileAccess access = access(userId, fileId).require(Permission.EDIT, RESTORE_VERSIONS);
		String ownerId = access.file().ownerId();
		FileVersion old = version(userId, fileId, number);
		StoredBlob copy;
		try (SeekableByteChannel content = open(old)) {
			copy = this.blobs.store(Channels.newInputStream(content), this.quotas.limitFor(ownerId, access.isOwner()));
		}
		StoredFile file = commitOrDiscard(copy, () -> this.transactions.execute((status) -> {
			access(userId, fileId).require(Permission.EDIT, RESTORE_VERSIONS);
			addVersion(ownerId, fileId, copy, userId);
			return get(userId, fileId);
		}));
		audit(access, "file.restored", file.name() + ", version " + number);
		return file;
	}

	/** Renames a file (owner only). */
	public StoredFile rename(String ownerId, String fileId, String newName) {
		access(ownerId, fileId).require(Permission.OWNER, "rename this file");
		String validName = FileNames.requireValid(newName);
		try {
			StoredFile file = this.transactions.execute((status) -> {
				// The owner's row first, as file creations do: a name that createFiles
				// finds free under that lock is not taken by a rename before it commits.
				this.files.lockOwner(ownerId);
				if (this.files.rename(ownerId, fileId, validName, this.clock.instant()) == 0) {
					throw noSuchFile();
				}
				return get(ownerId, fileId);
			});
			audit("file.renamed", fileId, validName);
			return file;
		}
		catch (DuplicateKeyException ex) {
			throw new ConflictException("You already have a file named \"" + validName + "\".");
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
			FileVersion version = version(ownerId, fileId, number);
			if (versions(ownerId, fileId).size() == 1) {
				throw new ConflictException("This is the only version of the file. Delete the file instead.");
			}
			deleteBlobsAfterCommit(List.of(version));
			this.files.setCurrentVersion(fileId, null);
			this.files.deleteVersion(version.id());
			this.files.resetCurrentVersion(fileId, this.clock.instant());
		});
		audit("file.version_deleted", fileId, "version " + number);
	}

	/**
	 * Deletes a file (owner only): all versions and wrapped keys in one transaction, then
	 * the blobs. Its shares and comments go with it.
	 * @return the file as it was
	 */
	public StoredFile delete(String ownerId, String fileId) {
		StoredFile file = access(ownerId, fileId).require(Permission.OWNER, "delete this file").file();
		this.transactions.executeWithoutResult((status) -> {
			deleteBlobsAfterCommit(versions(ownerId, fileId));
			this.files.deleteFile(ownerId, fileId);
		});
		// Its name, which cannot be looked up any more once it is gone.
		audit("file.deleted", fileId, file.name());
		return file;
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
	 * file owner's quota, and a user who may not upload versions of this file.
	 */
	public void checkDeclaredVersionSize(String userId, String fileId, long declaredBytes) {
		FileAccess access = access(userId, fileId).require(Permission.EDIT, UPLOAD_VERSIONS);
		this.quotas.checkDeclaredSize(access.file().ownerId(), access.isOwner(), declaredBytes);
	}

	/** A byte count as people read it (1.5 MiB, 10 GiB; see {@link Sizes}). */
	public static String formatSize(long bytes) {
		return Sizes.format(bytes);
	}

	private Upload saveByName(String ownerId, String name, StoredBlob blob) {
		// The owner's row first (addVersion locks it again, a no-op): inserting a file
		// takes a shared lock on it for the foreign key, and two uploads that each hold
		// that and then ask addVersion for the exclusive lock deadlock on PostgreSQL and
		// MariaDB.
		this.files.lockOwner(ownerId);
		String fileId = this.files.findIdByName(ownerId, name).orElse(null);
		boolean created = (fileId == null);
		if (created) {
			fileId = UUID.randomUUID().toString();
			this.files.insertFile(fileId, ownerId, name, this.clock.instant());
		}
		addVersion(ownerId, fileId, blob, ownerId);
		return new Upload(get(ownerId, fileId), created);
	}

	/** Adds a version charged to the owner's quota, recording who uploaded it. */
	private void addVersion(String ownerId, String fileId, StoredBlob blob, String uploaderId) {
		this.files.lockOwner(ownerId);
		this.quotas.requireRoom(ownerId, blob.size(), ownerId.equals(uploaderId));
		Instant now = this.clock.instant();
		int number = this.files.nextVersionNumber(ownerId, fileId, now).orElseThrow(FileService::noSuchFile);
		String versionId = UUID.randomUUID().toString();
		this.files.insertVersion(versionId, fileId, number, blob, uploaderId, now);
		this.files.setCurrentVersion(fileId, versionId);
	}

	/** The first of the names that is valid and that the owner has no file of. */
	private String freeName(String ownerId, IntFunction<String> names) {
		for (int attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
			String name = FileNames.requireValid(names.apply(attempt));
			if (this.files.findIdByName(ownerId, name).isEmpty()) {
				return name;
			}
		}
		throw new ConflictException("There are too many files of this name already. Rename the file and try again.");
	}

	/**
	 * The orphan sweeper cannot tell staged content from an orphan: content staged longer
	 * ago than half its grace period (other files of the same post were still streaming)
	 * may be gone, and is looked for. Younger content is safe without asking storage.
	 */
	private void requireStillStored(StagedContent content) {
		Duration safe = this.coffer.files().orphanGracePeriod().dividedBy(2);
		if (content.startedAt().isAfter(this.clock.instant().minus(safe))) {
			return;
		}
		try {
			if (this.blobs.isStored(content.blob().blobId(), content.blob().parts().size())) {
				return;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		throw new ConflictException("This upload took too long to finish and was discarded. Send the files again.");
	}

	/**
	 * Runs the database step; if it fails, the blob it was about to reference is removed
	 * now.
	 */
	private <T> T commitOrDiscard(StoredBlob blob, java.util.function.Supplier<T> commit) {
		try {
			return commit.get();
		}
		catch (RuntimeException ex) {
			deleteQuietly(blob.blobId(), blob.parts().size());
			throw ex;
		}
	}

	/** Call before the rows go: it reads how many parts each blob has. */
	private void deleteBlobsAfterCommit(List<FileVersion> versions) {
		Map<String, Integer> partCounts = new LinkedHashMap<>();
		for (FileVersion version : versions) {
			partCounts.put(version.blobId(), this.files.parts(version.blobId()).size());
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				partCounts.forEach(FileService.this::deleteQuietly);
			}
		});
	}

	private void deleteQuietly(String blobId, int partCount) {
		try {
			this.blobs.delete(blobId, Math.max(partCount, 1));
		}
		catch (IOException ex) {
			logger.warn("Could not delete blob {} now; the orphan sweeper will", blobId);
		}
	}

	/**
	 * Tells the audit log about a change that succeeded, done by the signed-in user
	 * (failures are recorded from the responses, see the audit package).
	 */
	void audit(String action, String fileId, String details) {
		audit(null, action, fileId, details);
	}

	/**
	 * As {@link #audit(String, String, String)}; an action by a user the file is shared
	 * with says so in the details, with the permission they acted under.
	 */
	void audit(FileAccess access, String action, String details) {
		audit(access, action, access.file().id(), details);
	}

	private void audit(FileAccess access, String action, String fileId, String details) {
		String recorded = details;
		if (access != null && !access.isOwner()) {
			String share = "as grantee with " + access.permission() + " permission";
			recorded = (details != null) ? details + "; " + share : share;
		}
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		boolean signedIn = caller != null && !(caller instanceof AnonymousAuthenticationToken);
		this.events.publishEvent(new SecurityEvent(action, signedIn ? caller.getName() : null, null, "file:" + fileId,
				SecurityEvent.Outcome.SUCCESS, recorded));
	}

	private static NotFoundException noSuchFile() {
		return new NotFoundException("There is no such file.");
	}

}
