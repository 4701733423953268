package dev.coffer.server.files;

import java.time.Instant;

/**
 * A file as listed: the folder it is in (an owner's root folder has the owner's id), its
 * current version's size, hash and preview type, and how many versions it has.
 *
 * @param previewType what preview the current version allows, or null if that was never
 * recorded ({@link FileService#previewType})
 * @param endToEnd whether the current version is end-to-end encrypted: a client's
 * ciphertext, which the server cannot read
 */
public record StoredFile(String id, String ownerId, String folderId, String name, Instant createdAt, Instant modifiedAt,
		int currentVersion, long size, String sha256, PreviewType previewType, int versionCount, boolean endToEnd) {

	/**
	 * Whether a listing shows a thumbnail of it: its current version is an image of a
	 * kind the server can decode (not WebP, without an ImageIO plugin).
	 */
	public boolean hasThumbnail() {
		return this.previewType != null && ThumbnailImage.canRender(this.previewType);
	}

}
