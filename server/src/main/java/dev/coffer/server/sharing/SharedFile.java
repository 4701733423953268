package dev.coffer.server.sharing;

import java.time.Instant;

import dev.coffer.server.files.Permission;

/**
 * A file someone shared with the user, as "Shared with me" lists it: whose it is, what
 * the user may do, and its current version ({@code endToEnd}: encrypted by the owner's
 * client, which only readers' clients open).
 */
public record SharedFile(String id, String name, String owner, Permission permission, long size, int currentVersion,
		Instant modifiedAt, boolean endToEnd) {

	public boolean canEdit() {
		return this.permission.includes(Permission.EDIT);
	}

}
