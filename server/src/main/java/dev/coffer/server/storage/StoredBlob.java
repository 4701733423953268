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
 * @param head the first {@link EncryptedBlobs#HEAD_SIZE} bytes of the plaintext (all of
 * it if shorter), kept in memory only, to tell what kind of content it is
 * @param wrappedKey the data key, wrapped by the master key ring
 * @param parts the encrypted parts in order
 */
public record StoredBlob(String blobId, long size, String sha256, long crc32, byte[] head, WrappedDataKey wrappedKey,
		List<BlobPart> parts) {
}
