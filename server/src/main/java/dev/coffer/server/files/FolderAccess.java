package dev.coffer.server.files;

import dev.coffer.server.OperationNotAllowedException;

/**
 * A folder as one user may see it, with what that user may do inside it: the owner
 * everything, a grantee what the nearest share on the folder's path grants. Found by the
 * query that proves the user may see the folder; someone who may not gets a 404.
 */
public record FolderAccess(Folder folder, Permission permission) {

	public boolean isOwner() {
		return this.permission == Permission.OWNER;
	}

	/**
	 * Refuses (403) what the user's permission does not cover; they can see the folder.
	 */
	public FolderAccess require(Permission needed, String action) {
		if (!this.permission.includes(needed)) {
			String who = (needed == Permission.OWNER) ? "Only the owner can " : "You need edit permission to ";
			throw new OperationNotAllowedException(who + action + ".");
		}
		return this;
	}

}
