package dev.coffer.server.files;

import java.util.List;

/**
 * A page of a folder in API responses: the folder, what the caller may do in it, the path
 * down to it, its subfolders and files on this page, and the cursor of the next page
 * ({@code null} on the last one).
 */
record FolderPageResponse(FolderResponse folder, Permission permission, List<FolderResponse> path,
		List<FolderResponse> folders, List<FileResponse> files, String next) {

	static FolderPageResponse of(FolderPage page) {
		return new FolderPageResponse(FolderResponse.of(page.folder().folder()), page.folder().permission(),
				page.path().stream().map(FolderResponse::of).toList(),
				page.folders().stream().map(FolderResponse::of).toList(),
				page.files().stream().map(FileResponse::of).toList(), page.next());
	}

}
