package dev.coffer.server.files;

import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.server.InvalidInputException;
import dev.coffer.server.PayloadTooLargeException;

/**
 * What a user does to many of their files and folders at once: move them into one folder,
 * or delete them (into the trash). All or nothing: every id is checked first, under the
 * owner's lock, in one transaction, and one that is not the owner's own, visible file or
 * folder (or a move that would clash or make a cycle) leaves everything as it was.
 */
@Service
public class Selections {

	/** The most files and folders one action takes. */
	static final int MAX_SELECTED = 1000;

	private final FileService files;

	private final FolderService folders;

	private final Trash trash;

	private final FileRepository fileRows;

	private final TransactionTemplate transactions;

	Selections(FileService files, FolderService folders, Trash trash, FileRepository fileRows,
			TransactionTemplate transactions) {
		this.files = files;
		this.folders = folders;
		this.trash = trash;
		this.fileRows = fileRows;
		this.transactions = transactions;
	}

	/** What was chosen: file ids and folder ids (either list may be empty, not both). */
	public record Selection(List<String> fileIds, List<String> folderIds) {

		public Selection {
			fileIds = (fileIds != null) ? List.copyOf(fileIds) : List.of();
			folderIds = (folderIds != null) ? List.copyOf(folderIds) : List.of();
		}

		public int size() {
			return this.fileIds.size() + this.folderIds.size();
		}

	}

	/**
	 * Moves the owner's files and folders into one of their folders.
	 * @return how many moved
	 */
	public int move(String ownerId, Selection selection, String folderId) {
		requireSome(selection, "move");
		if (folderId == null || folderId.isBlank()) {
			throw new InvalidInputException("folderId", "Choose the folder to move them to.");
		}
		// FileService.move and FolderService.move each check and lock; here they join one
		// transaction, so the first refusal undoes the moves before it.
		this.transactions.executeWithoutResult((status) -> {
			this.fileRows.lockOwner(ownerId);
			for (String id : selection.folderIds()) {
				this.folders.move(ownerId, id, folderId, null);
			}
			for (String id : selection.fileIds()) {
				this.files.move(ownerId, id, folderId, null);
			}
		});
		return selection.size();
	}

	/**
	 * Deletes the owner's files and folders, all or none: into the trash, or for good if
	 * the trash keeps nothing ({@link Trash#delete}).
	 * @return how many went
	 */
	public int delete(String ownerId, Selection selection) {
		requireSome(selection, "delete");
		this.trash.delete(ownerId, selection.fileIds(), selection.folderIds());
		return selection.size();
	}

	private static void requireSome(Selection selection, String action) {
		if (selection.size() == 0) {
			throw new InvalidInputException("ids", "Choose at least one file or folder to " + action + ".");
		}
		if (selection.size() > MAX_SELECTED) {
			throw new PayloadTooLargeException(
					"At most " + MAX_SELECTED + " files and folders at once; " + selection.size() + " were chosen.");
		}
	}

}
