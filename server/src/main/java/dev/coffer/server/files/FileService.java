package dev.coffer.server.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
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
 * behind is removed here or by the orphan sweeper.
 */
@Service
public class FileService {

	private static final Logger logger = LoggerFactory.getLogger(FileService.class);

	private static final String UPLOAD_VERSIONS = "upload new versions of this file";

	private static final String RESTORE_VERSIONS = "restore versions of this file";

	private final FileRepository files;

	private final EncryptedBlobs blobs;

	private final TransactionTemplate transactions;

	private final CofferProperties coffer;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	FileService(FileRepository files, EncryptedBlobs blobs, TransactionTemplate transactions, CofferProperties coffer,
			Clock clock, ApplicationEventPublisher events) {
		this.events = events;
		this.files = files;
		this.blobs = blobs;
		this.transactions = transactions;
		this.coffer = coffer;
		this.clock = clock;
	}

	/** What an upload did: the file as it is now, and whether it was created. */
	public record Upload(StoredFile file, boolean created) {
	}

	/**
	 * Stores {@code content} as the owner's file {@code name}: a new file, or a new
	 * version if the owner already has a file of that name.
	 */
	public Upload upload(String ownerId, String name, InputStream content) throws IOException {
		String validName = FileNames.requireValid(name);
		StoredBlob blob = this.blobs.store(content, limitFor(ownerId));
		Upload upload = commitOrDiscard(blob, () -> {
			try {
				return this.transactions.execute((status) -> saveByName(ownerId, validName, blob));
			}
			catch (DuplicateKeyException ex) {
				// Someone created the same name at the same moment: now it exists, add a
				// version.
				return this.transactions.execute((status) -> saveByName(ownerId, validName, blob));
			}
		});
		audit(upload.created() ? "file.uploaded" : "file.version_uploaded", upload.file().id(),
				upload.file().name() + ", " + blob.size() + " bytes");
		return upload;
	}

	/**
	 * Stores {@code content} as a new version of file {@code fileId}, for its owner or an
	 * editor. The version counts against the owner's quota and records who uploaded it.
	 */
	public StoredFile uploadVersion(String userId, String fileId, InputStream content) throws IOException {
		FileAccess access = access(userId, fileId).require(Permission.EDIT, UPLOAD_VERSIONS);
		String ownerId = access.file().ownerId();
		StoredBlob blob = this.blobs.store(content, limitFor(ownerId, access.isOwner()));
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
			copy = this.blobs.store(Channels.newInputStream(content), limitFor(ownerId, access.isOwner()));
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
		audit("file.deleted", fileId, null);
		return file;
	}

	/**
	 * Refuses at once an upload whose declared length is already too large, before a byte
	 * of it is read. (The limit is enforced while streaming as well: a declared length
	 * can lie.)
	 */
	public void checkDeclaredSize(String ownerId, long declaredBytes) {
		SizeLimit limit = limitFor(ownerId);
		if (declaredBytes > limit.bytes()) {
			throw new PayloadTooLargeException(limit.message());
		}
	}

	/**
	 * Refuses at once a new version whose declared length is already too large for the
	 * file owner's quota, and a user who may not upload versions of this file.
	 */
	public void checkDeclaredVersionSize(String userId, String fileId, long declaredBytes) {
		FileAccess access = access(userId, fileId).require(Permission.EDIT, UPLOAD_VERSIONS);
		SizeLimit limit = limitFor(access.file().ownerId(), access.isOwner());
		if (declaredBytes > limit.bytes()) {
			throw new PayloadTooLargeException(limit.message());
		}
	}

	/** Bytes stored by the user and their quota. */
	public Usage usage(String ownerId) {
		return new Usage(this.files.usage(ownerId), quotaOf(ownerId));
	}

	/**
	 * Storage used and quota of every user who has files, by user id (for
	 * administrators).
	 */
	public Map<String, Usage> usageOfAllOwners() {
		Map<String, Usage> all = new LinkedHashMap<>();
		this.files.usageByOwner().forEach((owner, used) -> all.put(owner, new Usage(used, quotaOf(owner))));
		return all;
	}

	/** A byte count as people read it (1.5 MB, 10 GB). */
	public static String formatSize(long bytes) {
		return Sizes.format(bytes);
	}

	/** The quota that applies to a user, theirs or the default. */
	public long quotaOfOwner(String ownerId) {
		return quotaOf(ownerId);
	}

	/** How much a user stores and may store, in bytes. */
	public record Usage(long used, long quota) {
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
		long quota = quotaOf(ownerId);
		if (this.files.usage(ownerId) + blob.size() > quota) {
			throw new PayloadTooLargeException(quotaMessage(quota, ownerId.equals(uploaderId)));
		}
		Instant now = this.clock.instant();
		int number = this.files.nextVersionNumber(ownerId, fileId, now).orElseThrow(FileService::noSuchFile);
		String versionId = UUID.randomUUID().toString();
		this.files.insertVersion(versionId, fileId, number, blob, uploaderId, now);
		this.files.setCurrentVersion(fileId, versionId);
	}

	/** The tighter of the upload size limit and what is left of the owner's quota. */
	private SizeLimit limitFor(String ownerId) {
		return limitFor(ownerId, true);
	}

	/**
	 * As {@link #limitFor(String)}; {@code byOwner} false words the quota message for an
	 * editor, whose uploads count against the owner's quota.
	 */
	private SizeLimit limitFor(String ownerId, boolean byOwner) {
		long maxUpload = this.coffer.files().maxUploadSize().toBytes();
		long quota = quotaOf(ownerId);
		long left = Math.max(0, quota - this.files.usage(ownerId));
		if (left < maxUpload) {
			return new SizeLimit(left, quotaMessage(quota, byOwner));
		}
		return new SizeLimit(maxUpload, "Files can be at most " + Sizes.format(maxUpload) + ".");
	}

	private long quotaOf(String ownerId) {
		return this.files.quota(ownerId).orElse(this.coffer.files().defaultQuota().toBytes());
	}

	private static String quotaMessage(long quota, boolean byOwner) {
		if (!byOwner) {
			return "This upload would go over the storage quota of the file's owner (" + Sizes.format(quota)
					+ "). Ask them to make room.";
		}
		return "This upload would go over your storage quota of " + Sizes.format(quota)
				+ ". Delete files or old versions to make room.";
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
		this.events.publishEvent(new SecurityEvent(action, (caller != null) ? caller.getName() : null, null,
				"file:" + fileId, SecurityEvent.Outcome.SUCCESS, recorded));
	}

	private static NotFoundException noSuchFile() {
		return new NotFoundException("There is no such file.");
	}

}
