package dev.coffer.server.files;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.server.ConflictException;
import dev.coffer.server.NotFoundException;
import dev.coffer.server.PayloadTooLargeException;
import dev.coffer.server.storage.EncryptedBlobs;
import dev.coffer.server.storage.EncryptedBlobs.SizeLimit;
import dev.coffer.server.storage.StoredBlob;

/**
 * New files whose content is staged first ({@link #stage}) and that are created together
 * later ({@link #createFiles}), in one transaction, so that they appear together or not
 * at all; what a request link uses for the files sent to it. Each new file takes the
 * first free one of its names and is never a version of a file the owner has.
 */
@Service
public class StagedFiles {

	/** How many of its names {@link #createFiles} tries for one file. */
	private static final int MAX_NAME_ATTEMPTS = 50;

	private final FileService fileService;

	private final FileRepository files;

	private final FileVersions versions;

	private final EncryptedBlobs blobs;

	private final TransactionTemplate transactions;

	private final Quotas quotas;

	private final Clock clock;

	private final FileAudit audit;

	private final FolderService folders;

	StagedFiles(FileService fileService, FileRepository files, FileVersions versions, EncryptedBlobs blobs,
			TransactionTemplate transactions, Quotas quotas, Clock clock, FileAudit audit, FolderService folders) {
		this.folders = folders;
		this.fileService = fileService;
		this.files = files;
		this.versions = versions;
		this.blobs = blobs;
		this.transactions = transactions;
		this.quotas = quotas;
		this.clock = clock;
		this.audit = audit;
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
	public List<StoredFile> createFiles(String ownerId, String folderId, List<NewFile> newFiles,
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
				String folder = existingFolder(ownerId, folderId);
				List<StoredFile> files = new ArrayList<>();
				for (NewFile newFile : newFiles) {
					files.add(create(ownerId, folder, newFile));
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
			this.audit.record("file.uploaded", file.id(), file.name() + ", " + file.size() + " bytes");
		}
		return created;
	}

	/** Removes staged content that will not become a file. */
	public void discard(List<StagedContent> staged) {
		for (StagedContent content : staged) {
			this.versions.discard(content.blob());
		}
	}

	/**
	 * The owner's folder {@code folderId} if it is still there (not deleted, not in the
	 * trash), else their top folder (whose id is the owner's): the sender cannot choose
	 * another, so the files must land somewhere.
	 */
	private String existingFolder(String ownerId, String folderId) {
		if (folderId == null) {
			return ownerId;
		}
		try {
			return this.folders.access(ownerId, folderId).folder().id();
		}
		catch (NotFoundException ex) {
			return ownerId;
		}
	}

	private StoredFile create(String ownerId, String folderId, NewFile newFile) {
		this.versions.requireStillStored(newFile.content().blob(), newFile.content().startedAt());
		String fileId = UUID.randomUUID().toString();
		this.files.insertFile(fileId, ownerId, folderId, freeName(folderId, newFile.names()), this.clock.instant());
		this.versions.addUnderOwnerLock(ownerId, fileId, newFile.content().blob(), ownerId, false);
		return this.fileService.get(ownerId, fileId);
	}

	/**
	 * The first of the names that is valid and that no file or folder in the folder has.
	 */
	private String freeName(String folderId, IntFunction<String> names) {
		for (int attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
			String name = FileNames.requireValid(names.apply(attempt));
			if (this.files.findIdByName(folderId, name).isEmpty() && !this.folders.isFolderNamed(folderId, name)) {
				return name;
			}
		}
		throw new ConflictException("There are too many files of this name already. Rename the file and try again.");
	}

}
