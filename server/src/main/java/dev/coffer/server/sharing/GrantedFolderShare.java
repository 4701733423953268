package dev.coffer.server.sharing;

import java.time.Instant;

import dev.coffer.server.files.Permission;

/** A grant the user made on one of their folders, as "Shared by me" lists it. */
public record GrantedFolderShare(String folderId, String folderName, String grantee, Permission permission,
		Instant createdAt) {
}
