package dev.coffer.server.token;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Device sign-in requests in the {@code device_authorizations} table. */
@Repository
class DeviceAuthorizationRepository {

	private static final String COLUMNS = "id, device_name, client_address, created_at, expires_at, "
			+ "poll_interval_seconds, last_polled_at, user_id, decision, consumed_at";

	private final JdbcClient jdbc;

	DeviceAuthorizationRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(DeviceAuthorization authorization, String deviceCodeHash, String userCodeHash) {
		this.jdbc.sql(
				"insert into device_authorizations (id, device_code_hash, user_code_hash, device_name, client_address, "
						+ "created_at, expires_at, poll_interval_seconds) values (?, ?, ?, ?, ?, ?, ?, ?)")
			.params(authorization.id(), deviceCodeHash, userCodeHash, authorization.deviceName(),
					authorization.clientAddress(), authorization.createdAt().toEpochMilli(),
					authorization.expiresAt().toEpochMilli(), authorization.pollIntervalSeconds())
			.update();
	}

	Optional<DeviceAuthorization> findByDeviceCode(String deviceCodeHash) {
		return this.jdbc.sql("select " + COLUMNS + " from device_authorizations where device_code_hash = ?")
			.param(deviceCodeHash)
			.query(DeviceAuthorizationRepository::map)
			.optional();
	}

	Optional<DeviceAuthorization> findByUserCode(String userCodeHash) {
		return this.jdbc.sql("select " + COLUMNS + " from device_authorizations where user_code_hash = ?")
			.param(userCodeHash)
			.query(DeviceAuthorizationRepository::map)
			.optional();
	}

	/**
	 * Records a poll at {@code now} unless the last one was less than the interval ago.
	 * One conditional update, so concurrent polls cannot both pass. A poll may come up to
	 * a tenth of a second early: clocks and networks jitter.
	 * @return true if the poll may go ahead, false if it came too soon
	 */
	boolean recordPoll(DeviceAuthorization authorization, Instant now) {
		long earliest = now.toEpochMilli() - authorization.pollIntervalSeconds() * 1000L + 100;
		return this.jdbc
			.sql("update device_authorizations set last_polled_at = ? where id = ? and poll_interval_seconds = ? "
					+ "and (last_polled_at is null or last_polled_at <= ?)")
			.params(now.toEpochMilli(), authorization.id(), authorization.pollIntervalSeconds(), earliest)
			.update() == 1;
	}

	/** The RFC's {@code slow_down}: the client must wait 5 seconds longer from now on. */
	void slowDown(String id, Instant now) {
		this.jdbc
			.sql("update device_authorizations set poll_interval_seconds = poll_interval_seconds + 5, "
					+ "last_polled_at = ? where id = ?")
			.params(now.toEpochMilli(), id)
			.update();
	}

	/**
	 * Records the user's decision on a pending, unexpired request.
	 * @return true if this call decided it
	 */
	boolean decide(String id, String userId, String decision, Instant now) {
		return this.jdbc
			.sql("update device_authorizations set user_id = ?, decision = ?, decided_at = ? "
					+ "where id = ? and decision is null and expires_at > ?")
			.params(userId, decision, now.toEpochMilli(), id, now.toEpochMilli())
			.update() == 1;
	}

	/**
	 * Marks an approved request used, once.
	 * @return true for the one call that did
	 */
	boolean consume(String id, Instant now) {
		return this.jdbc
			.sql("update device_authorizations set consumed_at = ? where id = ? and decision = ? "
					+ "and consumed_at is null and expires_at > ?")
			.params(now.toEpochMilli(), id, DeviceAuthorization.APPROVED, now.toEpochMilli())
			.update() == 1;
	}

	/**
	 * Forgets requests that expired over an hour ago (kept that long to answer
	 * expired_token).
	 */
	int purgeExpired(Instant now) {
		return this.jdbc.sql("delete from device_authorizations where expires_at < ?")
			.param(now.minusSeconds(3600).toEpochMilli())
			.update();
	}

	private static DeviceAuthorization map(ResultSet rs, int row) throws SQLException {
		return new DeviceAuthorization(rs.getString("id"), rs.getString("device_name"), rs.getString("client_address"),
				Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("expires_at")),
				rs.getInt("poll_interval_seconds"), instant(rs, "last_polled_at"), rs.getString("user_id"),
				rs.getString("decision"), instant(rs, "consumed_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		long millis = rs.getLong(column);
		return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
	}

}
