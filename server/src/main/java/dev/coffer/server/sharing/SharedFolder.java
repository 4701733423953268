package dev.coffer.server.sharing;

import java.time.Instant;

import dev.coffer.server.files.Permission;

/** A folder another user shared with the caller: everything inside it is shared too. */
public record SharedFolder(String id, String name, String owner, Permission permission, Instant modifiedAt) {

	public boolean canEdit() {
		return this.permission.includes(Permission.EDIT);
	}

}
