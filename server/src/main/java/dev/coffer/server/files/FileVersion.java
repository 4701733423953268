package dev.coffer.server.files;

import java.time.Instant;

import dev.coffer.crypto.WrappedDataKey;

/**
 * One version of a file: the plaintext's size, SHA-256 and CRC-32, and its encrypted
 * blob.
 *
 * @param crc32 the plaintext's CRC-32, or null for a version stored before it was
 * recorded ({@link FileService#crc32})
 * @param previewType what preview its content allows, or null for a version stored before
 * that was recorded ({@link FileService#previewType})
 * @param endToEnd whether the content is a client's end-to-end ciphertext, with the file
 * key wrapped per recipient ({@link EndToEndKeys})
 */
public record FileVersion(String id, String fileId, int number, long size, String sha256, Long crc32,
		PreviewType previewType, String blobId, WrappedDataKey wrappedKey, String createdBy, Instant createdAt,
		boolean endToEnd) {

	@Override
	public String toString() {
		return "FileVersion[id=" + this.id + ", fileId=" + this.fileId + ", number=" + this.number + "]";
	}

}
