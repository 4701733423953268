package dev.coffer.server.token;

import java.time.Instant;
import java.util.List;

/**
 * A personal access token as stored: everything but the token itself, of which only the
 * SHA-256 is kept (and not carried here, as nothing outside the repository needs it).
 *
 * @param scopes what the token may do, e.g. {@code [files]}
 * @param expiresAt {@code null} if it never expires
 * @param lastUsedAt {@code null} if never used; updated at most once a minute
 * @param revokedAt {@code null} unless revoked
 */
public record ApiToken(String id, String userId, String name, List<String> scopes, Instant createdAt, Instant expiresAt,
		Instant lastUsedAt, Instant revokedAt) {

	/** Where a token stands at a given moment. */
	public enum Status {

		ACTIVE, EXPIRED, REVOKED

	}

	public Status status(Instant now) {
		if (this.revokedAt != null) {
			return Status.REVOKED;
		}
		if (this.expiresAt != null && !now.isBefore(this.expiresAt)) {
			return Status.EXPIRED;
		}
		return Status.ACTIVE;
	}

}
