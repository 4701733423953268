package dev.coffer.server.database;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Whether the metadata database can be used, found by using it: one row is updated and
 * committed, on a schedule, for the readiness check, and right after a request failed. A
 * read alone is not enough: an H2 file on a full disk still answers reads until a write
 * closes it.
 * <p>
 * A failed probe evicts the connection pool's connections, so that the next probe (and,
 * once it succeeds, every request) opens new ones: H2 closes its database after a failed
 * write, and the connections to it stay dead while new ones reopen it. The server thus
 * recovers by itself once the cause (a full disk, a database server that was down) is
 * gone, without a restart.
 */
@Component
public class DatabaseProbe {

	private static final Logger logger = LoggerFactory.getLogger(DatabaseProbe.class);

	/**
	 * A check still waiting for a connection after this long counts as failed: a pool
	 * that cannot open a connection waits its whole connection timeout. Not while the
	 * pool is merely busy (every connection lent out, requests queued for one): busy is
	 * not down, and each queued request gets its own answer at the pool's timeout.
	 */
	private static final Duration STUCK_AFTER = Duration.ofSeconds(5);

	private final JdbcTemplate jdbc;

	private final DataSource dataSource;

	/** One check at a time; whoever finds one running uses its last result. */
	private final ReentrantLock checking = new ReentrantLock();

	private volatile boolean usable = true;

	/** {@link System#nanoTime()} when the last check started. */
	private volatile long lastCheck = System.nanoTime();

	DatabaseProbe(JdbcTemplate jdbc, DataSource dataSource) {
		this.jdbc = jdbc;
		this.dataSource = dataSource;
	}

	/**
	 * What the last check found, without waiting for the database; requests are refused
	 * (503) and readiness is DOWN while it is false.
	 */
	public boolean isUsable() {
		boolean stuck = this.checking.isLocked() && System.nanoTime() - this.lastCheck > STUCK_AFTER.toNanos()
				&& !poolBusy();
		return this.usable && !stuck;
	}

	/** Writes to the database now, unless a check is running already. */
	@Scheduled(initialDelayString = "${coffer.database.probe-interval:5s}",
			fixedDelayString = "${coffer.database.probe-interval:5s}")
	public void check() {
		if (this.checking.tryLock()) {
			try {
				probe();
			}
			finally {
				this.checking.unlock();
			}
		}
	}

	/**
	 * Checks now, for a request that failed, unless a check started after the request
	 * did: so the first failure, not the next scheduled check, makes the server refuse
	 * requests it cannot serve. A check already running is waited for, a few seconds at
	 * most.
	 * @param since {@link System#nanoTime()} when the failed request started
	 * @return whether the database can be used
	 */
	public boolean recheck(long since) {
		try {
			if (this.checking.tryLock(STUCK_AFTER.toMillis(), TimeUnit.MILLISECONDS)) {
				try {
					if (this.lastCheck - since < 0) {
						probe();
					}
				}
				finally {
					this.checking.unlock();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return isUsable();
	}

	private void probe() {
		this.lastCheck = System.nanoTime();
		try {
			this.jdbc.update("update database_probe set checked_at = ? where id = 1", Timestamp.from(Instant.now()));
			if (!this.usable) {
				logger.warn("The database can be used again: serving requests");
			}
			this.usable = true;
		}
		catch (DataAccessException ex) {
			if (noFreeConnection(ex)) {
				// The pool is busy, and could open connections: not a verdict on the
				// database, and not a reason to throw healthy connections away.
				logger.debug("Database probe found no free pooled connection; checking again later", ex);
				return;
			}
			if (this.usable) {
				logger.error("The database cannot be used: answering 503 and reopening connections until it can", ex);
			}
			else {
				logger.debug("The database still cannot be used", ex);
			}
			this.usable = false;
			evictConnections();
		}
	}

	/**
	 * Hikari's "connection is not available, request timed out" with no cause: every
	 * connection was lent out for the whole timeout. When the pool cannot open
	 * connections, the exception carries the reason as its cause.
	 */
	private static boolean noFreeConnection(DataAccessException ex) {
		return ex.getCause() instanceof SQLTransientConnectionException timeout && timeout.getCause() == null;
	}

	private boolean poolBusy() {
		HikariPoolMXBean pool = pool();
		return pool != null && pool.getThreadsAwaitingConnection() > 0 && pool.getIdleConnections() == 0;
	}

	private void evictConnections() {
		HikariPoolMXBean pool = pool();
		if (pool != null) {
			pool.softEvictConnections();
		}
	}

	private HikariPoolMXBean pool() {
		try {
			return this.dataSource.isWrapperFor(HikariDataSource.class)
					? this.dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean() : null;
		}
		catch (SQLException ex) {
			logger.warn("Cannot reach the database connection pool", ex);
			return null;
		}
	}

}
