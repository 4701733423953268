package dev.coffer.server.storage;

import java.util.List;

import dev.coffer.crypto.WrappedDataKey;

/**
 * A blob just written: the content of one file version, encrypted under its own data key.
 *
 * @param blobId generated id, also the prefix of its object keys
 * @param size plaintext bytes
 * @param sha256 lower-case hex SHA-256 of the plaintext, computed while streaming
 * @param crc32 CRC-32 of the plaintext, computed while streaming
 * @param wrappedKey the data key, wrapped by the master key ring
 * @param parts the encrypted parts in order
 */
public record StoredBlob(String blobId, long size, String sha256, long crc32, WrappedDataKey wrappedKey,
		List<BlobPart> parts) {
}
