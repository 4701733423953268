package dev.coffer.server.files;

import dev.coffer.server.OperationNotAllowedException;

/**
 * A file as one user may see it, with what that user may do with it. Found by the one
 * query that also proves the user may see the file at all; someone who may not gets a
 * 404, never an instance of this.
 *
 * @param inherited whether the permission comes from a share on a folder the file is in
 * (which ends when the file moves out), not from the owner or a share of the file itself
 */
public record FileAccess(StoredFile file, Permission permission, boolean inherited) {

	public FileAccess(StoredFile file, Permission permission) {
		this(file, permission, false);
	}

	public boolean isOwner() {
		return this.permission == Permission.OWNER;
	}

	public boolean allows(Permission needed) {
		return this.permission.includes(needed);
	}

	/**
	 * Refuses (403) an action the user's permission does not cover. The user can see the
	 * file, so saying "not allowed" reveals nothing they do not know already.
	 * @param action what was refused, in words ("rename this file")
	 */
	public FileAccess require(Permission needed, String action) {
		if (!allows(needed)) {
			String who = (needed == Permission.OWNER) ? "Only the owner can " : "You need edit permission to ";
			throw new OperationNotAllowedException(who + action + ".");
		}
		return this;
	}

}
