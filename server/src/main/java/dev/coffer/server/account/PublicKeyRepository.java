package dev.coffer.server.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Users' public keys for end-to-end encrypted files, one per user. */
@Repository
class PublicKeyRepository {

	private static final String COLUMNS = "select k.user_id, u.username, k.algorithm, k.public_key, k.fingerprint, "
			+ "k.created_at from user_public_keys k join users u on u.id = k.user_id ";

	private final JdbcClient jdbc;

	PublicKeyRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<UserPublicKey> ofUser(String userId) {
		return this.jdbc.sql(COLUMNS + "where k.user_id = ?").param(userId).query(PublicKeyRepository::map).optional();
	}

	/**
	 * The key of the enabled user with this username or email address, if they have one.
	 */
	Optional<UserPublicKey> ofUsernameOrEmail(String usernameOrEmail) {
		String key = usernameOrEmail.strip().toLowerCase(Locale.ROOT);
		return this.jdbc.sql(COLUMNS + "where u.username = ? or lower(u.email) = ?")
			.params(key, key)
			.query(PublicKeyRepository::map)
			.optional();
	}

	void insert(String userId, String algorithm, String publicKey, String fingerprint, Instant now) {
		this.jdbc
			.sql("insert into user_public_keys (user_id, algorithm, public_key, fingerprint, created_at) "
					+ "values (?, ?, ?, ?, ?)")
			.params(userId, algorithm, publicKey, fingerprint, now.toEpochMilli())
			.update();
	}

	private static UserPublicKey map(ResultSet rs, int row) throws SQLException {
		return new UserPublicKey(rs.getString("user_id"), rs.getString("username"), rs.getString("algorithm"),
				rs.getString("public_key"), rs.getString("fingerprint"),
				Instant.ofEpochMilli(rs.getLong("created_at")));
	}

}
