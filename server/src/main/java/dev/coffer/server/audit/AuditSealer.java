package dev.coffer.server.audit;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.h2.api.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.server.audit.AuditRepository.Head;
import dev.coffer.server.jobs.SingleNodeJobs;

/**
 * Chains committed audit entries, in order id order, a batch per transaction (group
 * commit): each gets the next {@code seq}, {@code prev_hash} = the head's link, and its
 * HMAC link ({@link AuditChain}, format 2). Runs every {@code coffer.audit.seal-interval}
 * on a thread of its own, on one node at a time (a {@link SingleNodeJobs} lock; the
 * transaction also locks the head row, so two sealers could never interleave anyway).
 * <p>
 * Order ids come from the database and can commit out of order: an id missing below a
 * committed one is usually a transaction still in flight. The sealer stops there until it
 * appears, or until it has been missing for {@code coffer.audit.gap-grace} (its
 * transaction rolled back, or the database lost a cached id in a crash); then it seals
 * past it and logs the ids. An entry that commits after that is found by a look below the
 * sealer's place every {@link #LATE_ENTRY_CHECK} and sealed then: nothing committed stays
 * unsealed.
 * <p>
 * The thread also writes checkpoints ({@link AuditCheckpoints}); at shutdown, after the
 * web server has stopped taking requests, it seals what is left and writes a last one.
 */
@Component
@ConditionalOnWebApplication
class AuditSealer implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(AuditSealer.class);

	static final String JOB = "audit-sealer";

	private static final Duration LOCK_AT_MOST = Duration.ofMinutes(2);

	static final Duration LATE_ENTRY_CHECK = Duration.ofSeconds(5);

	private final AuditRepository entries;

	private final AuditMacKeys macKeys;

	private final AuditCheckpoints checkpoints;

	private final SingleNodeJobs jobs;

	private final TransactionTemplate transaction;

	private final AuditProperties properties;

	private final Object wakeUp = new Object();

	private volatile boolean running;

	private Thread thread;

	/** The first missing order id the sealer is waiting for, and since when (nanos). */
	private long gapId = -1;

	private long gapSince;

	private long lateEntriesCheckedAt = System.nanoTime() - LATE_ENTRY_CHECK.toNanos();

	AuditSealer(AuditRepository entries, AuditMacKeys macKeys, AuditCheckpoints checkpoints, SingleNodeJobs jobs,
			PlatformTransactionManager transactions, AuditProperties properties) {
		this.entries = entries;
		this.macKeys = macKeys;
		this.checkpoints = checkpoints;
		this.jobs = jobs;
		this.transaction = new TransactionTemplate(transactions);
		this.properties = properties;
	}

	/**
	 * Seals what is committed now, on this node, unless another node is sealing.
	 * @return how many entries this call sealed
	 */
	int sealNow() {
		int[] sealed = { 0 };
		this.jobs.runExclusively(JOB, LOCK_AT_MOST, () -> {
			int batch;
			do {
				batch = this.transaction.execute((status) -> sealBatch());
				sealed[0] += batch;
			}
			while (batch == this.properties.sealBatchSize());
		});
		return sealed[0];
	}

	private synchronized int sealBatch() {
		Head head = this.entries.lockHead();
		List<AuditEntry> unsealed = new ArrayList<>(this.properties.sealBatchSize());
		if (lateEntriesDue()) {
			unsealed.addAll(this.entries.lateEntries(head.lastId(), this.properties.sealBatchSize()));
		}
		unsealed.addAll(this.entries.unsealedAfter(head.lastId(), this.properties.sealBatchSize() - unsealed.size()));
		if (unsealed.isEmpty()) {
			return 0;
		}
		AuditMacKeys.Current key = this.macKeys.current();
		long seq = head.seq();
		String prev = head.hash();
		long lastId = head.lastId();
		List<AuditEntry> sealed = new ArrayList<>(unsealed.size());
		for (AuditEntry entry : unsealed) {
			if (entry.id() > lastId + 1) {
				if (!waitedLongEnoughFor(lastId + 1)) {
					break;
				}
				logger.warn("Audit order ids {} to {} never committed within {}; sealing past them", lastId + 1,
						entry.id() - 1, this.properties.gapGrace());
			}
			seq++;
			String link = AuditChain.mac(key.key(), prev, entry.sealedAs(seq, prev, null, key.id()));
			sealed.add(entry.sealedAs(seq, prev, link, key.id()));
			prev = link;
			lastId = Math.max(lastId, entry.id());
		}
		if (sealed.isEmpty()) {
			return 0;
		}
		this.entries.seal(sealed, new Head(seq, prev, lastId));
		return sealed.size();
	}

	/**
	 * Whether to look for late entries now: every {@link #LATE_ENTRY_CHECK}, since only
	 * an entry whose transaction committed after the gap grace can be one.
	 */
	private boolean lateEntriesDue() {
		long now = System.nanoTime();
		if (now - this.lateEntriesCheckedAt < LATE_ENTRY_CHECK.toNanos()) {
			return false;
		}
		this.lateEntriesCheckedAt = now;
		return true;
	}

	private boolean waitedLongEnoughFor(long missingId) {
		long now = System.nanoTime();
		if (this.gapId != missingId) {
			this.gapId = missingId;
			this.gapSince = now;
		}
		return now - this.gapSince >= this.properties.gapGrace().toNanos();
	}

	private void run() {
		boolean failing = false;
		while (this.running) {
			try {
				sealNow();
				this.checkpoints.writeIfDue();
				if (failing) {
					logger.info("Sealing the audit log works again");
					failing = false;
				}
			}
			catch (RuntimeException ex) {
				// Once with the cause, not every interval while the database is away.
				if (!failing) {
					logger.warn("Sealing the audit log failed; trying again every {}", this.properties.sealInterval(),
							ex);
					failing = true;
				}
			}
			synchronized (this.wakeUp) {
				if (this.running) {
					try {
						this.wakeUp.wait(this.properties.sealInterval().toMillis());
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
				}
			}
		}
	}

	/**
	 * Makes the first MAC key, under the head lock (so that two nodes starting together
	 * make one), before the web server takes requests.
	 */
	@Override
	public void start() {
		this.transaction.executeWithoutResult((status) -> {
			this.entries.lockHead();
			this.macKeys.current();
		});
		this.running = true;
		this.thread = Thread.ofPlatform().daemon().name("audit-sealer").start(this::run);
	}

	/** Seals what the last requests recorded and writes a last checkpoint. */
	@Override
	public void stop() {
		synchronized (this.wakeUp) {
			this.running = false;
			this.wakeUp.notifyAll();
		}
		try {
			this.thread.join(Duration.ofSeconds(30));
			sealNow();
			this.checkpoints.write(true);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			if (closedAtJvmShutdown(ex)) {
				// Embedded H2 closes itself from its own JVM shutdown hook, which runs
				// alongside Spring's: on SIGTERM it is usually gone before this runs.
				// Every entry is in the database already; only its seal waits.
				logger.info("The embedded database closed before the last seal; the next start seals what is left");
			}
			else {
				logger.warn("Sealing the audit log at shutdown failed; the next node or start seals it", ex);
			}
		}
	}

	/** Whether H2 refused because it had closed the database at JVM shutdown. */
	private static boolean closedAtJvmShutdown(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && (sql.getErrorCode() == ErrorCode.DATABASE_CALLED_AT_SHUTDOWN
					|| sql.getErrorCode() == ErrorCode.DATABASE_IS_CLOSED)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stops after the web server (which stops in a higher phase), so that the events of
	 * the last requests are sealed here.
	 */
	@Override
	public int getPhase() {
		return DEFAULT_PHASE - 4096;
	}

}
