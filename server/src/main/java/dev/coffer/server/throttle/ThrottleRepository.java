package dev.coffer.server.throttle;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Counted attempts in {@code throttle_attempts}, and the rows of {@code throttle_locks}
 * that serialise their counting. Plain inserts, deletes, range reads and row locks: the
 * same SQL on H2, PostgreSQL and MariaDB.
 */
@Repository
class ThrottleRepository {

	private final JdbcClient jdbc;

	ThrottleRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** How many rows {@code throttle_locks} has (its migration adds them). */
	static final int LOCK_SLOTS = 64;

	/**
	 * Locks a row of {@code throttle_locks} until the transaction ends.
	 * @param slot 0 to {@link #LOCK_SLOTS} - 1
	 */
	void lock(int slot) {
		this.jdbc.sql("select slot from throttle_locks where slot = ? for update")
			.param(slot)
			.query(Integer.class)
			.single();
	}

	void insert(String id, String scope, String subject, long attemptedAt) {
		this.jdbc.sql("insert into throttle_attempts (id, scope, subject, attempted_at) values (?, ?, ?, ?)")
			.params(id, scope, subject, attemptedAt)
			.update();
	}

	/**
	 * Times of the counted attempts on this subject since {@code since}, latest first.
	 */
	List<Long> since(String scope, String subject, long since) {
		return this.jdbc
			.sql("select attempted_at from throttle_attempts where scope = ? and subject = ? and attempted_at > ?"
					+ " order by attempted_at desc")
			.params(scope, subject, since)
			.query(Long.class)
			.list();
	}

	void delete(String id) {
		this.jdbc.sql("delete from throttle_attempts where id = ?").param(id).update();
	}

	int deleteAll(String scope, String subject) {
		return this.jdbc.sql("delete from throttle_attempts where scope = ? and subject = ?")
			.params(scope, subject)
			.update();
	}

	int deleteBefore(long time) {
		return this.jdbc.sql("delete from throttle_attempts where attempted_at < ?").param(time).update();
	}

}
