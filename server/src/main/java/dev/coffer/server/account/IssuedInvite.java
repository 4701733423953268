package dev.coffer.server.account;

import java.time.Instant;

/**
 * An invite just made: the only moment its secret token exists outside the recipient's
 * hands.
 */
public record IssuedInvite(String token, Instant expiresAt) {

	@Override
	public String toString() {
		return "IssuedInvite[expiresAt=" + this.expiresAt + "]";
	}

}
