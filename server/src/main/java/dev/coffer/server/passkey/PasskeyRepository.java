package dev.coffer.server.passkey;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Coffer's own queries on Spring Security's passkey tables ({@code user_entities},
 * {@code user_credentials}): listing and deleting by owner. Registration and sign-in go
 * through Spring's {@code JdbcUserCredentialRepository}.
 */
@Repository
class PasskeyRepository {

	private static final String OWNED_BY = "user_entity_user_id in (select id from user_entities where name = ?)";

	private final JdbcClient jdbc;

	PasskeyRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	List<Passkey> findByUsername(String username) {
		return this.jdbc
			.sql("select credential_id, label, created, last_used from user_credentials where " + OWNED_BY
					+ " order by created, credential_id")
			.param(username)
			.query(PasskeyRepository::passkey)
			.list();
	}

	boolean exists(String username) {
		return this.jdbc.sql("select count(*) from user_credentials where " + OWNED_BY)
			.param(username)
			.query(Long.class)
			.single() > 0;
	}

	/** Deletes the passkey only if {@code username} owns it; whether it did. */
	boolean delete(String username, String credentialId) {
		return this.jdbc.sql("delete from user_credentials where credential_id = ? and " + OWNED_BY)
			.params(credentialId, username)
			.update() == 1;
	}

	/** Deletes all of the user's passkeys; how many there were. */
	int deleteAll(String username) {
		return this.jdbc.sql("delete from user_credentials where " + OWNED_BY).param(username).update();
	}

	private static Passkey passkey(ResultSet rs, int row) throws SQLException {
		return new Passkey(rs.getString("credential_id"), rs.getString("label"), instant(rs.getTimestamp("created")),
				instant(rs.getTimestamp("last_used")));
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
