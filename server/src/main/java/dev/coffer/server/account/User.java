package dev.coffer.server.account;

import java.time.Instant;

/**
 * An account. {@code username} is stored lower-case, so uniqueness is case-insensitive.
 * {@code passwordHash} is a {@code DelegatingPasswordEncoder} string such as
 * {@code {argon2}$argon2id$v=19$m=19456,t=2,p=1$...}; {@link #toString()} leaves it out.
 */
public record User(String id, String username, String email, String passwordHash, Role role, boolean enabled,
		Instant createdAt, Instant passwordChangedAt) {

	public boolean isAdmin() {
		return this.role == Role.ADMIN;
	}

	@Override
	public String toString() {
		return "User[id=" + this.id + ", username=" + this.username + ", role=" + this.role + ", enabled="
				+ this.enabled + "]";
	}

}
