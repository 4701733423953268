package dev.coffer.server.token;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.coffer.server.account.Role;

/** Personal access tokens in the {@code api_tokens} table. */
@Repository
class ApiTokenRepository {

	private static final String COLUMNS = "t.id, t.user_id, t.name, t.scopes, t.created_at, t.expires_at, "
			+ "t.last_used_at, t.revoked_at";

	private final JdbcClient jdbc;

	ApiTokenRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(ApiToken token, String tokenHash) {
		this.jdbc
			.sql("insert into api_tokens (id, user_id, name, token_hash, scopes, created_at, expires_at) "
					+ "values (?, ?, ?, ?, ?, ?, ?)")
			.params(token.id(), token.userId(), token.name(), tokenHash, String.join(" ", token.scopes()),
					token.createdAt().toEpochMilli(), millis(token.expiresAt()))
			.update();
	}

	/**
	 * The token with this hash and its owner, in one query, as this runs on every API
	 * request.
	 */
	Optional<OwnedApiToken> findByHash(String tokenHash) {
		return this.jdbc
			.sql("select " + COLUMNS + ", u.username, u.role, u.enabled from api_tokens t "
					+ "join users u on u.id = t.user_id where t.token_hash = ?")
			.param(tokenHash)
			.query((rs, row) -> new OwnedApiToken(map(rs, row), rs.getString("username"),
					Role.valueOf(rs.getString("role")), rs.getBoolean("enabled")))
			.optional();
	}

	Optional<ApiToken> findByIdAndUser(String id, String userId) {
		return this.jdbc.sql("select " + COLUMNS + " from api_tokens t where t.id = ? and t.user_id = ?")
			.params(id, userId)
			.query(ApiTokenRepository::map)
			.optional();
	}

	/** Newest first. */
	List<ApiToken> findByUser(String userId) {
		return this.jdbc.sql("select " + COLUMNS + " from api_tokens t where t.user_id = ? order by t.created_at desc")
			.param(userId)
			.query(ApiTokenRepository::map)
			.list();
	}

	long countActive(String userId, Instant now) {
		return this.jdbc
			.sql("select count(*) from api_tokens where user_id = ? and revoked_at is null "
					+ "and (expires_at is null or expires_at > ?)")
			.params(userId, now.toEpochMilli())
			.query(Long.class)
			.single();
	}

	/**
	 * Records a use, unless one was recorded since {@code notSince}: with several nodes
	 * serving the same token, the condition keeps it to one write per interval.
	 */
	void recordUse(String id, Instant now, Instant notSince) {
		this.jdbc
			.sql("update api_tokens set last_used_at = ? where id = ? and (last_used_at is null or last_used_at < ?)")
			.params(now.toEpochMilli(), id, notSince.toEpochMilli())
			.update();
	}

	/**
	 * @return true if this call revoked it, false if it was revoked already
	 */
	boolean revoke(String id, Instant now) {
		return this.jdbc.sql("update api_tokens set revoked_at = ? where id = ? and revoked_at is null")
			.params(now.toEpochMilli(), id)
			.update() == 1;
	}

	/** The user's tokens not yet revoked, expired or not. */
	List<ApiToken> findUnrevoked(String userId) {
		return this.jdbc.sql("select " + COLUMNS + " from api_tokens t where t.user_id = ? and t.revoked_at is null")
			.param(userId)
			.query(ApiTokenRepository::map)
			.list();
	}

	private static ApiToken map(ResultSet rs, int row) throws SQLException {
		return new ApiToken(rs.getString("id"), rs.getString("user_id"), rs.getString("name"),
				List.copyOf(Arrays.asList(rs.getString("scopes").split(" "))),
				Instant.ofEpochMilli(rs.getLong("created_at")), instant(rs, "expires_at"), instant(rs, "last_used_at"),
				instant(rs, "revoked_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		long millis = rs.getLong(column);
		return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
	}

	private static Long millis(Instant instant) {
		return (instant != null) ? instant.toEpochMilli() : null;
	}

}
