package dev.coffer.server.files;

import java.time.Instant;

/**
 * A file as listed: its current version's size and hash, and how many versions it has.
 */
public record StoredFile(String id, String ownerId, String name, Instant createdAt, Instant modifiedAt,
		int currentVersion, long size, String sha256, int versionCount) {
}
