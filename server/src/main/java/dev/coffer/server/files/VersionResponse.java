package dev.coffer.server.files;

import java.time.Instant;

/**
 * A file version in API responses; {@code endToEnd}: its content is the client's
 * ciphertext.
 */
record VersionResponse(int number, long size, String sha256, Instant createdAt, boolean current, boolean endToEnd) {

	static VersionResponse of(FileVersion version, int currentNumber) {
		return new VersionResponse(version.number(), version.size(), version.sha256(), version.createdAt(),
				version.number() == currentNumber, version.endToEnd());
	}

}
