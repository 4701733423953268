package dev.coffer.server.files;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.server.ConflictException;
import dev.coffer.server.CofferProperties;
import dev.coffer.server.NotFoundException;
import dev.coffer.server.files.TrashEntry.Kind;

/**
 * What a user's delete does: files and folders go to the trash, where they stay for
 * {@code coffer.files.trash-retention} (then the {@link TrashSweeper} deletes them for
 * good), unless their owner restores them or deletes them forever first. With a retention
 * of zero a delete is final at once. Deleting for good is crypto-shredding
 * ({@link FileService#shred}, {@link FolderService#shred}). Only the owner sees and
 * changes their trash; for everyone else, and for every other page and endpoint, what is
 * in the trash does not exist (the access policy hides it and everything inside it).
 */
@Service
public class Trash {

	private static final int RESTORED_NAME_ATTEMPTS = 100;

	private final TrashRepository trash;

	private final FileRepository files;

	private final FolderRepository folders;

	private final FileService fileService;

	private final FolderService folderService;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final FileAudit audit;

	private final Duration retention;

	Trash(TrashRepository trash, FileRepository files, FolderRepository folders, FileService fileService,
			FolderService folderService, TransactionTemplate transactions, Clock clock, FileAudit audit,
			CofferProperties coffer) {
		this.trash = trash;
		this.files = files;
		this.folders = folders;
		this.fileService = fileService;
		this.folderService = folderService;
		this.transactions = transactions;
		this.clock = clock;
		this.audit = audit;
		this.retention = coffer.files().trashRetention();
	}

	/**
	 * SQL for listings that span folders: a {@code WITH RECURSIVE} clause
	 * {@code hidden (id,
	 * depth)} of the folders that are in the trash or inside one, of the owners whose ids
	 * {@code owners} gives (a parameter, or a subquery); a listing then keeps what is
	 * {@code not in (select id from hidden)}. The one place this is written: the access
	 * policy answers the same question for one file or folder.
	 */
	public static String hiddenFolders(String owners) {
		return "with recursive hidden (id, depth) as (select id, 0 from folders where trashed_at is not null "
				+ "and owner_id in (" + owners + ") union all select c.id, h.depth + 1 from hidden h "
				+ "join folders c on c.parent_id = h.id where h.depth < 10000) ";
	}

	/** Whether deletes go to the trash (a retention above zero). */
	public boolean isKept() {
		return this.retention.isPositive();
	}

	public Duration retention() {
		return this.retention;
	}

	/** When the trash deletes this entry for good. */
	public Instant deletedForGoodAt(TrashEntry entry) {
		return entry.trashedAt().plus(this.retention);
	}

	/**
	 * Deletes one of the owner's files: into the trash, or for good if the trash keeps
	 * nothing.
	 * @return the file as it was
	 */
	public StoredFile deleteFile(String ownerId, String fileId) {
		return deleteFile(ownerId, fileId, WritePreconditions.NONE);
	}

	/**
	 * As {@link #deleteFile(String, String)}, if the file's current version meets
	 * {@code conditions}, checked under the owner's lock.
	 */
	public StoredFile deleteFile(String ownerId, String fileId, WritePreconditions conditions) {
		return delete(ownerId, List.of(fileId), List.of(), conditions).files().getFirst();
	}

	/**
	 * Deletes one of the owner's folders with everything inside: into the trash as one
	 * entry (one row changes, whatever is inside), or for good if the trash keeps
	 * nothing.
	 * @return the folder as it was
	 */
	public Folder deleteFolder(String ownerId, String folderId) {
		return delete(ownerId, List.of(), List.of(folderId)).folders().getFirst();
	}

	/**
	 * Deletes one of the owner's files whose content was just copied into another file
	 * (an editor's temporary file, moved over the file it saves): for good if it is bare
	 * — one version, and nothing pointing at it (no share, link, comment, or request it
	 * arrived through) — since in the trash it would only count against the quota a
	 * second time for the trash's retention; otherwise into the trash, as any delete.
	 * Whether it is bare is decided as it is deleted ({@link FileService#shredIfBare}),
	 * not from what the caller read before.
	 */
	public void deleteCopied(String ownerId, String fileId) {
		if (!this.fileService.shredIfBare(ownerId, fileId)) {
			deleteFile(ownerId, fileId);
		}
	}

	/** What a delete took: the files and folders as they were. */
	public record Deleted(List<StoredFile> files, List<Folder> folders) {
	}

	/**
	 * Deletes some of the owner's files and folders, all or none: each is checked first,
	 * in one transaction under the owner's lock, and one that is not the owner's own (or
	 * is their top folder) changes nothing. Into the trash, in that transaction; or, if
	 * the trash keeps nothing, for good after it, one by one.
	 */
	public Deleted delete(String ownerId, List<String> fileIds, List<String> folderIds) {
		return delete(ownerId, fileIds, folderIds, WritePreconditions.NONE);
	}

	private Deleted delete(String ownerId, List<String> fileIds, List<String> folderIds,
			WritePreconditions conditions) {
		Deleted deleted = this.transactions.execute((status) -> {
			this.files.lockOwner(ownerId);
			List<StoredFile> ownFiles = fileIds.stream()
				.map((id) -> this.fileService.access(ownerId, id).require(Permission.OWNER, "delete this file").file())
				.toList();
			ownFiles.forEach((file) -> conditions.check(file.sha256()));
			List<Folder> ownFolders = folderIds.stream()
				.map((id) -> this.folderService.access(ownerId, id)
					.require(Permission.OWNER, "delete this folder")
					.folder())
				.toList();
			if (ownFolders.stream().anyMatch(Folder::isRoot)) {
				throw new ConflictException("Your top folder cannot be deleted.");
			}
			if (isKept()) {
				Instant now = this.clock.instant();
				ownFiles.forEach((file) -> this.trash.trash(Kind.FILE, ownerId, file.id(), now));
				ownFolders.forEach((folder) -> this.trash.trash(Kind.FOLDER, ownerId, folder.id(), now));
			}
			return new Deleted(ownFiles, ownFolders);
		});
		for (StoredFile file : deleted.files()) {
			if (isKept()) {
				this.audit.record("file.trashed", file.id(), file.name());
			}
			else {
				this.fileService.shred(ownerId, file.id(), file.name());
			}
		}
		for (Folder folder : deleted.folders()) {
			if (isKept()) {
				this.audit.recordFolder("folder.trashed", folder.id(), folder.name());
			}
			else {
				this.folderService.shred(ownerId, folder.id(), folder.name());
			}
		}
		return deleted;
	}

	/**
	 * The owner's trash, most recently deleted first, each folder with the size of what
	 * it holds.
	 */
	public List<TrashEntry> list(String ownerId) {
		Map<String, Long> folderSizes = this.trash.folderSizes(ownerId);
		return this.trash.entries(ownerId)
			.stream()
			.map((entry) -> (entry.kind() == Kind.FOLDER) ? entry.withSize(folderSizes.getOrDefault(entry.id(), 0L))
					: entry)
			.toList();
	}

	/**
	 * An entry put back, as it is now (its folder and name).
	 *
	 * @param intoTopFolder whether it went into the top folder because its own folder is
	 * gone or in the trash itself
	 */
	public record Restored(TrashEntry entry, boolean intoTopFolder) {
	}

	/**
	 * Puts an entry back where it was, or into the owner's top folder if that folder is
	 * gone or in the trash itself; if its name is taken there now, it comes back as "name
	 * (restored)" (or "(restored 2)" and so on).
	 * @return the entry as it is now, and whether it went into the top folder instead
	 * @throws NotFoundException if the owner's trash has no such entry
	 */
	public Restored restore(String ownerId, Kind kind, String id) {
		Restored restored = this.transactions.execute((status) -> {
			this.files.lockOwner(ownerId);
			TrashEntry entry = find(ownerId, kind, id);
			boolean folderThere = this.folders.findAccess(ownerId, entry.folderId()).isPresent();
			String folderId = folderThere ? entry.folderId() : ownerId;
			String name = freeName(folderId, entry.name(), kind == Kind.FILE);
			this.trash.restore(kind, id, folderId, name, this.clock.instant());
			return new Restored(
					new TrashEntry(kind, id, ownerId, name, folderId, null, entry.size(), entry.trashedAt()),
					!folderThere);
		});
		String action = (kind == Kind.FILE) ? "file.untrashed" : "folder.untrashed";
		if (kind == Kind.FILE) {
			this.audit.record(action, id, restored.entry().name());
		}
		else {
			this.audit.recordFolder(action, id, restored.entry().name());
		}
		return restored;
	}

	/**
	 * Deletes an entry of the owner's trash for good.
	 * @throws NotFoundException if the owner's trash has no such entry
	 */
	public TrashEntry deleteForever(String ownerId, Kind kind, String id) {
		TrashEntry entry = find(ownerId, kind, id);
		shred(entry);
		return entry;
	}

	/**
	 * Deletes everything in the owner's trash for good.
	 * @return how many entries went
	 */
	public int empty(String ownerId) {
		return shredAll(this.trash.entries(ownerId));
	}

	/**
	 * Deletes for good, in batches, what has been in any trash for longer than the
	 * retention.
	 * @return how many entries went
	 */
	int deleteExpired(int batchSize) {
		Instant cutoff = this.clock.instant().minus(this.retention);
		int deleted = 0;
		List<TrashEntry> batch;
		do {
			batch = this.trash.deletedBefore(cutoff, batchSize);
			deleted += shredAll(batch);
		}
		while (batch.size() >= batchSize);
		return deleted;
	}

	/**
	 * Files first: a file in the trash may lie inside a folder in the trash, which takes
	 * it along. What an earlier entry took along is skipped.
	 */
	private int shredAll(List<TrashEntry> entries) {
		int shredded = 0;
		for (Kind kind : Kind.values()) {
			for (TrashEntry entry : entries) {
				if (entry.kind() == kind && this.trash.find(kind, entry.ownerId(), entry.id()).isPresent()) {
					shred(entry);
					shredded++;
				}
			}
		}
		return shredded;
	}

	private void shred(TrashEntry entry) {
		if (entry.kind() == Kind.FILE) {
			this.fileService.shred(entry.ownerId(), entry.id(), entry.name());
		}
		else {
			this.folderService.shred(entry.ownerId(), entry.id(), entry.name());
		}
	}

	private TrashEntry find(String ownerId, Kind kind, String id) {
		return this.trash.find(kind, ownerId, id)
			.orElseThrow(
					() -> new NotFoundException("There is no such " + kind.name().toLowerCase() + " in your trash."));
	}

	/**
	 * The name itself if no file or folder in the folder has it, else the first free
	 * "name (restored)", "name (restored 2)", … (before a file's extension). Call under
	 * the owner's lock.
	 */
	private String freeName(String folderId, String name, boolean file) {
		for (int attempt = 1; attempt <= RESTORED_NAME_ATTEMPTS; attempt++) {
			String candidate = RestoredNames.candidate(name, attempt, file);
			if (this.files.findIdByName(folderId, candidate).isEmpty()
					&& this.folders.findIdByName(folderId, candidate).isEmpty()) {
				return candidate;
			}
		}
		throw FolderService.nameTaken(name);
	}

}
