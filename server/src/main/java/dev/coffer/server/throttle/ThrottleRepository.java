package dev.coffer.server.throttle;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Counted attempts in {@code throttle_attempts}. Plain inserts, deletes and range reads:
 * the same SQL on H2, PostgreSQL and MariaDB, each statement committed on its own so that
 * every node sees an attempt as soon as it starts.
 */
@Repository
class ThrottleRepository {

	private final JdbcClient jdbc;

	ThrottleRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(String id, String scope, String subject, long attemptedAt) {
		this.jdbc.sql("insert into throttle_attempts (id, scope, subject, attempted_at) values (?, ?, ?, ?)")
			.params(id, scope, subject, attemptedAt)
			.update();
	}

	/** Times of the other attempts on this subject since {@code since}, latest first. */
	List<Long> othersSince(String scope, String subject, long since, String exceptId) {
		return this.jdbc
			.sql("select attempted_at from throttle_attempts where scope = ? and subject = ? and attempted_at > ?"
					+ " and id <> ? order by attempted_at desc")
			.params(scope, subject, since, exceptId)
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
