package dev.coffer.server.files;

import java.time.Instant;

/**
 * A folder of one owner. The owner's root folder has the owner's id, no parent and an
 * empty name; every other folder has a parent and a name that no other file or folder in
 * that parent has.
 */
public record Folder(String id, String ownerId, String parentId, String name, Instant createdAt, Instant modifiedAt) {

	public boolean isRoot() {
		return this.parentId == null;
	}

}
