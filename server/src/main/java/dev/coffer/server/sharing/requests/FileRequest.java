package dev.coffer.server.sharing.requests;

import java.time.Instant;

/**
 * An upload-only request link as stored: everything but its token (only the SHA-256 is
 * kept) and its password hash (read only when a password is checked).
 *
 * @param expiresAt {@code null} if it never expires
 * @param passwordProtected whether senders must enter a password first
 * @param maxFiles how many files the link accepts in all
 * @param maxBytes how many bytes the link accepts in all
 * @param receivedFiles files accepted so far
 * @param receivedBytes bytes accepted so far
 * @param copyable whether its token is kept sealed, so that it can be copied again (not
 * for links made before that was possible, nor revoked ones)
 * @param folderId the owner's folder that receives the files; {@code null} for their top
 * folder
 * @param ownerEnabled whether the owner's account is enabled: a disabled account's
 * request links take nothing until it is enabled again
 */
public record FileRequest(String id, String ownerId, String title, Instant createdAt, Instant expiresAt,
		boolean passwordProtected, int maxFiles, long maxBytes, int receivedFiles, long receivedBytes, boolean revoked,
		boolean copyable, String folderId, boolean ownerEnabled) {

	/** A request link of an enabled account. */
	public FileRequest(String id, String ownerId, String title, Instant createdAt, Instant expiresAt,
			boolean passwordProtected, int maxFiles, long maxBytes, int receivedFiles, long receivedBytes,
			boolean revoked, boolean copyable, String folderId) {
		this(id, ownerId, title, createdAt, expiresAt, passwordProtected, maxFiles, maxBytes, receivedFiles,
				receivedBytes, revoked, copyable, folderId, true);
	}

	/** Where a request link stands at a given moment. */
	public enum Status {

		/** Accepts files. */
		OPEN,
		/** Has received as many files or bytes as it accepts. */
		FULL, EXPIRED, REVOKED

	}

	public Status status(Instant now) {
		if (this.revoked) {
			return Status.REVOKED;
		}
		if (this.expiresAt != null && !now.isBefore(this.expiresAt)) {
			return Status.EXPIRED;
		}
		if (filesLeft() <= 0 || bytesLeft() <= 0) {
			return Status.FULL;
		}
		return Status.OPEN;
	}

	public int filesLeft() {
		return Math.max(0, this.maxFiles - this.receivedFiles);
	}

	public long bytesLeft() {
		return Math.max(0, this.maxBytes - this.receivedBytes);
	}

}
