package dev.coffer.server.sharing.links;

import java.time.Instant;

/**
 * A public link to a folder, as stored: everything but the token, of which only the
 * SHA-256 is kept (and not carried here). Whoever holds it browses the folder and
 * everything inside it, read only, and downloads from it within its limits.
 *
 * @param createdBy the user id of the folder's owner, who made it
 * @param creator that user's username
 * @param passwordHash the Argon2id hash of the link password, {@code null} for none
 * @param maxDownloads {@code null} for no limit; a file or a ZIP counts as one download
 * @param used downloads counted so far
 * @param lastUsedAt {@code null} if never used
 * @param copyable whether its token is kept sealed, so that it can be copied again (not
 * for revoked links)
 */
public record FolderLink(String id, String folderId, String createdBy, String creator, Instant createdAt,
		Instant expiresAt, String passwordHash, Integer maxDownloads, int used, Instant lastUsedAt, boolean revoked,
		Instant revokedAt, boolean copyable) {

	/** Where the link stands at a given moment; only an ACTIVE link serves its folder. */
	public ShareLink.Status status(Instant now) {
		if (this.revoked) {
			return ShareLink.Status.REVOKED;
		}
		if (!now.isBefore(this.expiresAt)) {
			return ShareLink.Status.EXPIRED;
		}
		if (this.maxDownloads != null && this.used >= this.maxDownloads) {
			return ShareLink.Status.EXHAUSTED;
		}
		return ShareLink.Status.ACTIVE;
	}

	public boolean passwordProtected() {
		return this.passwordHash != null;
	}

	@Override
	public String toString() {
		return "FolderLink[id=" + this.id + ", folderId=" + this.folderId + "]";
	}

}
