package dev.coffer.server.files;

import java.time.Instant;

import dev.coffer.crypto.WrappedDataKey;

/** One version of a file: the plaintext's size and SHA-256, and its encrypted blob. */
public record FileVersion(String id, String fileId, int number, long size, String sha256, String blobId,
		WrappedDataKey wrappedKey, String createdBy, Instant createdAt) {

	@Override
	public String toString() {
		return "FileVersion[id=" + this.id + ", fileId=" + this.fileId + ", number=" + this.number + "]";
	}

}
