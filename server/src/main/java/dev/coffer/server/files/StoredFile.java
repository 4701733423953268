package dev.coffer.server.files;

import java.time.Instant;

/**
 * A file as listed: the folder it is in (an owner's root folder has the owner's id), its
 * current version's size and hash, and how many versions it has.
 */
public record StoredFile(String id, String ownerId, String folderId, String name, Instant createdAt, Instant modifiedAt,
		int currentVersion, long size, String sha256, int versionCount) {
}
