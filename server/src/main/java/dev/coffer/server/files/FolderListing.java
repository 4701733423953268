package dev.coffer.server.files;

import java.util.List;
import java.util.function.Function;

import org.springframework.stereotype.Service;

import dev.coffer.server.InvalidInputException;

/**
 * Pages of a folder, ordered and paged by the database: subfolders first (by name), then
 * files. By name, both page by key (the sort key {@link FileNameOrder} computes when a
 * name is written, then the id), so any page costs what the first one does; by size or
 * date, files page by offset (those values change under a cursor). The caller may see the
 * folder: the owner, or a user it or a folder above it is shared with.
 */
@Service
public class FolderListing {

	/** Entries per page unless the caller asks for another number. */
	public static final int DEFAULT_LIMIT = 100;

	public static final int MAX_LIMIT = 1000;

	private final FolderService folderService;

	private final FolderRepository folders;

	private final FileRepository files;

	FolderListing(FolderService folderService, FolderRepository folders, FileRepository files) {
		this.folderService = folderService;
		this.folders = folders;
		this.files = files;
	}

	/**
	 * One page of the folder.
	 * @param sort {@code name}, {@code modified} or {@code size}
	 * @param cursor the {@code next} of the page before, or null for the first page
	 * @param limit how many entries at most, 1 to {@link #MAX_LIMIT}
	 */
	public FolderPage page(String userId, String folderId, String sort, boolean descending, String cursor, int limit) {
		return page(this.folderService.access(userId, folderId), (access) -> this.folderService.path(userId, access),
				sort, descending, cursor, limit);
	}

	/**
	 * One page of a folder reached through a public link to folder {@code topId} (see
	 * {@link FolderService#accessWithin}), as {@link #page} for a user.
	 */
	public FolderPage pageWithin(String topId, String folderId, String sort, boolean descending, String cursor,
			int limit) {
		return page(this.folderService.accessWithin(topId, folderId),
				(access) -> this.folderService.pathWithin(topId, access), sort, descending, cursor, limit);
	}

	private FolderPage page(FolderAccess access, Function<FolderAccess, List<Folder>> pathOf, String sort,
			boolean descending, String cursor, int limit) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new InvalidInputException("limit", "The limit must be between 1 and " + MAX_LIMIT + ".");
		}
		FileSort order = FileSort.parse(sort);
		String orderName = order.parameter() + (descending ? ".desc" : ".asc");
		FolderCursor after = FolderCursor.parse(cursor, orderName);
		String id = access.folder().id();
		List<Folder> subfolders = List.of();
		FolderCursor filesFrom = after;
		if (after == null || after.phase() == 'd') {
			// Folders by name; descending only when the whole list is by name.
			boolean foldersDescending = descending && order == FileSort.NAME;
			subfolders = this.folders.pageByName(id, (after != null) ? after.key() : null,
					(after != null) ? after.id() : null, foldersDescending, limit + 1);
			if (subfolders.size() > limit) {
				subfolders = subfolders.subList(0, limit);
				Folder last = subfolders.getLast();
				return page(access, pathOf, subfolders, List.of(),
						FolderCursor.folders(orderName, this.folders.sortKeyOf(last.id()), last.id()));
			}
			filesFrom = null;
		}
		int room = limit - subfolders.size();
		FilesPage filePage = (order == FileSort.NAME) ? filesByName(id, orderName, descending, filesFrom, room)
				: filesByColumn(id, orderName, order, descending, filesFrom, room);
		return page(access, pathOf, subfolders, filePage.files(), filePage.next());
	}

	private record FilesPage(List<StoredFile> files, FolderCursor next) {
	}

	private FilesPage filesByName(String folderId, String orderName, boolean descending, FolderCursor after, int room) {
		boolean fromStart = after == null || after.phase() != 'f' || after.atFirstFile();
		List<StoredFile> page = this.files.pageByName(folderId, fromStart ? null : after.key(),
				fromStart ? null : after.id(), descending, room + 1);
		if (page.size() <= room) {
			return new FilesPage(page, null);
		}
		if (room == 0) {
			return new FilesPage(List.of(), FolderCursor.files(orderName, "", ""));
		}
		List<StoredFile> shown = page.subList(0, room);
		StoredFile last = shown.getLast();
		return new FilesPage(shown, FolderCursor.files(orderName, this.files.sortKeyOf(last.id()), last.id()));
	}

	private FilesPage filesByColumn(String folderId, String orderName, FileSort order, boolean descending,
			FolderCursor after, int room) {
		int offset = (after != null && after.phase() == 'o') ? after.offsetValue() : 0;
		List<StoredFile> page = this.files.pageByColumn(folderId, order, descending, offset, room + 1);
		if (page.size() <= room) {
			return new FilesPage(page, null);
		}
		return new FilesPage(page.subList(0, room), FolderCursor.offset(orderName, offset + room));
	}

	private static FolderPage page(FolderAccess access, Function<FolderAccess, List<Folder>> pathOf,
			List<Folder> subfolders, List<StoredFile> files, FolderCursor next) {
		return new FolderPage(access, pathOf.apply(access), subfolders, files, (next != null) ? next.encode() : null);
	}

}
