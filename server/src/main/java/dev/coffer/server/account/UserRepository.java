package dev.coffer.server.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Accounts in the {@code users} table, plus the one-row claim that makes the first admin.
 */
@Repository
class UserRepository {

	private static final String COLUMNS = "id, username, email, password_hash, role, enabled, created_at, password_changed_at";

	private final JdbcClient jdbc;

	UserRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<User> findByUsername(String username) {
		return this.jdbc.sql("select " + COLUMNS + " from users where username = ?")
			.param(username)
			.query(UserRepository::map)
			.optional();
	}

	Optional<User> findById(String id) {
		return this.jdbc.sql("select " + COLUMNS + " from users where id = ?")
			.param(id)
			.query(UserRepository::map)
			.optional();
	}

	boolean emailTaken(String email) {
		return this.jdbc.sql("select count(*) from users where email = ?").param(email).query(Long.class).single() > 0;
	}

	List<User> findAll() {
		return this.jdbc.sql("select " + COLUMNS + " from users order by username").query(UserRepository::map).list();
	}

	/**
	 * @throws DuplicateKeyException if the username or email is taken
	 */
	void insert(User user) {
		this.jdbc.sql("insert into users (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?)")
			.params(user.id(), user.username(), user.email(), user.passwordHash(), user.role().name(), user.enabled(),
					user.createdAt().toEpochMilli(), user.passwordChangedAt().toEpochMilli())
			.update();
	}

	long count() {
		return this.jdbc.sql("select count(*) from users").query(Long.class).single();
	}

	/**
	 * Claims the single first-admin slot for {@code userId}, if nobody has.
	 * @return true if this account is the first one ever
	 * @throws DuplicateKeyException if another account claimed it at the same instant (on
	 * PostgreSQL that also aborts the transaction, so the caller must not go on)
	 */
	boolean claimFirstAdmin(String userId) {
		if (this.jdbc.sql("select count(*) from first_admin").query(Long.class).single() > 0) {
			return false;
		}
		this.jdbc.sql("insert into first_admin (slot, user_id) values (1, ?)").param(userId).update();
		return true;
	}

	void updateRole(String userId, Role role) {
		this.jdbc.sql("update users set role = ? where id = ?").params(role.name(), userId).update();
	}

	void updatePassword(String userId, String passwordHash, Instant changedAt) {
		this.jdbc.sql("update users set password_hash = ?, password_changed_at = ? where id = ?")
			.params(passwordHash, changedAt.toEpochMilli(), userId)
			.update();
	}

	/**
	 * Re-hashing on login with upgraded parameters: keeps {@code password_changed_at}.
	 */
	void updatePasswordHash(String username, String passwordHash) {
		this.jdbc.sql("update users set password_hash = ? where username = ?").params(passwordHash, username).update();
	}

	int updateEnabled(String username, boolean enabled) {
		return this.jdbc.sql("update users set enabled = ? where username = ?").params(enabled, username).update();
	}

	/** Sets the user's storage quota in bytes; null means the server's default. */
	int updateQuota(String username, Long quotaBytes) {
		return this.jdbc.sql("update users set quota_bytes = ? where username = ?")
			.params(quotaBytes, username)
			.update();
	}

	/**
	 * Counts a failed sign-in on the account, if it exists, for the owner's next login.
	 */
	void incrementFailedLogins(String username) {
		this.jdbc.sql("update users set failed_logins_since_login = failed_logins_since_login + 1 where username = ?")
			.param(username)
			.update();
	}

	/** Failed sign-ins counted since the last successful one; 0 for an unknown user. */
	int failedLoginsSinceLogin(String username) {
		return this.jdbc.sql("select failed_logins_since_login from users where username = ?")
			.param(username)
			.query(Integer.class)
			.optional()
			.orElse(0);
	}

	/** A successful sign-in: remembers when, and starts counting failures afresh. */
	void recordLogin(String username, Instant at) {
		this.jdbc.sql("update users set last_login_at = ?, failed_logins_since_login = 0 where username = ?")
			.params(at.toEpochMilli(), username)
			.update();
	}

	long countEnabledAdmins() {
		return this.jdbc.sql("select count(*) from users where role = 'ADMIN' and enabled = true")
			.query(Long.class)
			.single();
	}

	void delete(String userId) {
		this.jdbc.sql("delete from users where id = ?").param(userId).update();
	}

	private static User map(ResultSet rs, int row) throws SQLException {
		return new User(rs.getString("id"), rs.getString("username"), rs.getString("email"),
				rs.getString("password_hash"), Role.valueOf(rs.getString("role")), rs.getBoolean("enabled"),
				Instant.ofEpochMilli(rs.getLong("created_at")),
				Instant.ofEpochMilli(rs.getLong("password_changed_at")));
	}

}
