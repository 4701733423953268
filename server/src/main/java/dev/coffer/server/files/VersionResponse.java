package dev.coffer.server.files;

import java.time.Instant;

/** A file version in API responses. */
record VersionResponse(int number, long size, String sha256, Instant createdAt, boolean current) {

	static VersionResponse of(FileVersion version, int currentNumber) {
		return new VersionResponse(version.number(), version.size(), version.sha256(), version.createdAt(),
				version.number() == currentNumber);
	}

}
