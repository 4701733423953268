package dev.coffer.server.files;

import java.time.Instant;

/**
 * A folder of one owner. The owner's root folder has the owner's id, no parent and an
 * empty name; every other folder has a parent and a name that no other file or folder in
 * that parent has.
 */
public record Folder(String id, String ownerId, String parentId, String name, Instant createdAt, Instant modifiedAt) {

	/** The owner's root folder, as it is before anything was ever put in it. */
	static Folder rootOf(String ownerId) {
		return new Folder(ownerId, ownerId, null, "", Instant.EPOCH, Instant.EPOCH);
	}

	public boolean isRoot() {
		return this.parentId == null;
	}

}
