package dev.coffer.server.sharing.links;

import java.time.Instant;

/**
 * A public link to a file, as stored: everything but the token, of which only the SHA-256
 * is kept (and not carried here).
 *
 * @param createdBy the user id of whoever made it: the file's owner, or an editor the
 * owner lets make links
 * @param creator that user's username
 * @param expiresAt {@code null} only for links made before expiry was required
 * @param passwordHash the Argon2id hash of the link password, {@code null} for none
 * @param maxDownloads {@code null} for no limit
 * @param used downloads counted so far (see {@link ShareLinkService} for what counts)
 * @param lastUsedAt {@code null} if never used
 * @param pinned whether the link serves one version ({@code versionNumber}) rather than
 * the file's current version
 * @param versionNumber the pinned version's number; {@code null} if not pinned, or if the
 * pinned version was deleted
 * @param copyable whether its token is kept sealed, so that it can be copied again (not
 * for links made before that was possible, nor revoked ones)
 */
public record ShareLink(String id, String fileId, String createdBy, String creator, Instant createdAt,
		Instant expiresAt, String passwordHash, Integer maxDownloads, int used, Instant lastUsedAt, boolean pinned,
		Integer versionNumber, boolean revoked, Instant revokedAt, boolean copyable) {

	/** Where a link stands at a given moment; only ACTIVE links serve the file. */
	public enum Status {

		ACTIVE, EXPIRED, REVOKED, EXHAUSTED, VERSION_DELETED

	}

	public Status status(Instant now) {
		if (this.revoked) {
			return Status.REVOKED;
		}
		if (this.expiresAt != null && !now.isBefore(this.expiresAt)) {
			return Status.EXPIRED;
		}
		if (this.maxDownloads != null && this.used >= this.maxDownloads) {
			return Status.EXHAUSTED;
		}
		if (this.pinned && this.versionNumber == null) {
			return Status.VERSION_DELETED;
		}
		return Status.ACTIVE;
	}

	public boolean passwordProtected() {
		return this.passwordHash != null;
	}

	@Override
	public String toString() {
		return "ShareLink[id=" + this.id + ", fileId=" + this.fileId + "]";
	}

}
