package dev.coffer.server.files;

import java.time.Instant;

/**
 * A folder in API responses. The root folder has an empty name and no parent.
 */
record FolderResponse(String id, String name, String parentId, Instant createdAt, Instant modifiedAt) {

	static FolderResponse of(Folder folder) {
		return new FolderResponse(folder.id(), folder.name(), folder.parentId(), folder.createdAt(),
				folder.modifiedAt());
	}

}
