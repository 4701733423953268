package dev.coffer.server.account;

import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class InviteRepository {

	private final JdbcClient jdbc;

	InviteRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(String id, String tokenHash, String createdBy, Instant createdAt, Instant expiresAt) {
		this.jdbc.sql("insert into invites (id, token_hash, created_by, created_at, expires_at) values (?, ?, ?, ?, ?)")
			.params(id, tokenHash, createdBy, createdAt.toEpochMilli(), expiresAt.toEpochMilli())
			.update();
	}

	/** An unused, unexpired invite with this token hash. */
	Optional<Invite> findUsable(String tokenHash, Instant now) {
		return this.jdbc
			.sql("select id, expires_at from invites where token_hash = ? and used_by is null and expires_at > ?")
			.params(tokenHash, now.toEpochMilli())
			.query((rs, row) -> new Invite(rs.getString("id"), Instant.ofEpochMilli(rs.getLong("expires_at"))))
			.optional();
	}

	/**
	 * Marks the invite used, only if nobody did so first.
	 * @return true if this call consumed it
	 */
	boolean markUsed(String inviteId, String userId, Instant now) {
		return this.jdbc.sql("update invites set used_by = ?, used_at = ? where id = ? and used_by is null")
			.params(userId, now.toEpochMilli(), inviteId)
			.update() == 1;
	}

}
