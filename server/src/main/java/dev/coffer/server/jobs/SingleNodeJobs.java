package dev.coffer.server.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Runs background jobs on one node of a cluster at a time (DESIGN.md §6): a job takes a
 * named lock in the shared database before it runs, with ShedLock's JDBC provider on the
 * {@code shedlock} table. A lock expires on its own after {@code atMostFor}, so a node
 * that dies while holding one blocks the job only until then. Lock times come from the
 * database's clock, not the nodes'.
 * <p>
 * On a single node this costs one short update per run and changes nothing else.
 */
@Component
public class SingleNodeJobs {

	private static final Logger logger = LoggerFactory.getLogger(SingleNodeJobs.class);

	private final LockProvider locks;

	SingleNodeJobs(DataSource dataSource) {
		this.locks = new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
			.withJdbcTemplate(new JdbcTemplate(dataSource))
			.usingDbTime()
			// ShedLock's default is the host name; two nodes on one host must differ.
			.withLockedByValue("node-" + UUID.randomUUID())
			.build());
	}

	/**
	 * Runs {@code job} unless another node is running it. The lock is released when the
	 * job ends, so with N nodes a job may run up to N times per interval, one run after
	 * another, never two at once: the jobs are idempotent, so a run that finds nothing
	 * left to do costs only its queries.
	 * @param atMostFor how long the lock holds if this node dies mid-run; longer than any
	 * normal run
	 * @return true if the job ran here
	 */
	public boolean runExclusively(String name, Duration atMostFor, Runnable job) {
		Optional<SimpleLock> lock = this.locks
			.lock(new LockConfiguration(Instant.now(), name, atMostFor, Duration.ZERO));
		if (lock.isEmpty()) {
			logger.debug("Job {} is running on another node", name);
			return false;
		}
		try {
			job.run();
			return true;
		}
		finally {
			lock.get().unlock();
		}
	}

	/**
	 * Takes the lock of a long job that renews it as it goes (see {@link Lease#renew()}).
	 * @return the lease, or empty if another node holds the job
	 */
	public Optional<Lease> lease(String name, Duration atMostFor) {
		return this.locks.lock(new LockConfiguration(Instant.now(), name, atMostFor, Duration.ZERO))
			.map((lock) -> new Lease(lock, atMostFor));
	}

	/**
	 * A held job lock that its holder renews between steps and releases at the end.
	 */
	public static final class Lease implements AutoCloseable {

		private SimpleLock lock; // null once released or lost

		private final Duration atMostFor;

		private Lease(SimpleLock lock, Duration atMostFor) {
			this.lock = lock;
			this.atMostFor = atMostFor;
		}

		/**
		 * Holds the lock for another {@code atMostFor} from now.
		 * @return false if the lock was lost (it expired and another node took it): stop
		 * working
		 */
		public boolean renew() {
			if (this.lock == null) {
				return false;
			}
			// The old lock is spent either way; if the renewal failed there is none left.
			this.lock = this.lock.extend(this.atMostFor, Duration.ZERO).orElse(null);
			return this.lock != null;
		}

		/** Releases the lock, if it is still held. */
		@Override
		public void close() {
			if (this.lock != null) {
				this.lock.unlock();
				this.lock = null;
			}
		}

	}

}
