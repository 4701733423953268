package dev.coffer.server.files;

import java.time.Instant;

/**
 * A file in API responses; {@code folderId} is the folder it is in, {@code endToEnd}
 * whether its current version is end-to-end encrypted (size and SHA-256 are then the
 * ciphertext's).
 */
record FileResponse(String id, String name, String folderId, long size, String sha256, int currentVersion,
		int versionCount, Instant createdAt, Instant modifiedAt, boolean endToEnd) {

	static FileResponse of(StoredFile file) {
		return new FileResponse(file.id(), file.name(), file.folderId(), file.size(), file.sha256(),
				file.currentVersion(), file.versionCount(), file.createdAt(), file.modifiedAt(), file.endToEnd());
	}

}
