package dev.coffer.server.account;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Ends a user's sessions. Sessions live in Spring Session's JDBC tables, indexed by
 * principal name, so a plain delete ends them on every node at once, and it works from
 * the operator commands too, where no web session machinery runs. Attributes go with them
 * (ON DELETE CASCADE).
 */
@Component
class UserSessions {

	private final JdbcClient jdbc;

	UserSessions(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Ends every session of {@code username}. */
	int endAll(String username) {
		return this.jdbc.sql("delete from SPRING_SESSION where PRINCIPAL_NAME = ?").param(username).update();
	}

	/**
	 * Ends every session of {@code username} except the one with id
	 * {@code keepSessionId}.
	 */
	int endAllExcept(String username, String keepSessionId) {
		return this.jdbc.sql("delete from SPRING_SESSION where PRINCIPAL_NAME = ? and SESSION_ID <> ?")
			.params(username, keepSessionId)
			.update();
	}

}
