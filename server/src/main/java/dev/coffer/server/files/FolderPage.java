package dev.coffer.server.files;

import java.util.List;

/**
 * One page of a folder: its subfolders first, then its files.
 *
 * @param folder the folder, with the caller's permission in it
 * @param path the folders from the top the caller may see (their root, or the folder
 * shared with them) down to this one
 * @param folders subfolders on this page
 * @param files files on this page
 * @param next the cursor of the next page, or null on the last one
 */
public record FolderPage(FolderAccess folder, List<Folder> path, List<Folder> folders, List<StoredFile> files,
		String next) {
}
