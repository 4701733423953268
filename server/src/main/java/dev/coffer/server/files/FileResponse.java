package dev.coffer.server.files;

import java.time.Instant;

/** A file in API responses. */
record FileResponse(String id, String name, long size, String sha256, int currentVersion, int versionCount,
		Instant createdAt, Instant modifiedAt) {

	static FileResponse of(StoredFile file) {
		return new FileResponse(file.id(), file.name(), file.size(), file.sha256(), file.currentVersion(),
				file.versionCount(), file.createdAt(), file.modifiedAt());
	}

}
