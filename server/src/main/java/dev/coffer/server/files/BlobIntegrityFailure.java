package dev.coffer.server.files;

/**
 * Published when stored content failed authentication while being read: it was altered,
 * truncated or moved in storage. The audit log records it; the download was aborted.
 */
public record BlobIntegrityFailure(String fileId, int versionNumber, String blobId) {
}
