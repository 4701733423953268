package dev.coffer.server.keys;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.coffer.crypto.CryptoException;
import dev.coffer.crypto.MasterKeyRing;
import dev.coffer.crypto.WrappedDataKey;
import dev.coffer.server.SecurityEvent;
import dev.coffer.server.jobs.SingleNodeJobs;
import dev.coffer.server.jobs.SingleNodeJobs.Lease;
import dev.coffer.server.keys.KeyRepository.SealedSecretKey;
import dev.coffer.server.keys.KeyRepository.StoredDataKey;
import dev.coffer.server.keys.SealedSecretTable.Kind;

/**
 * The re-wrap job: after a rotation, moves every data key onto the new primary master
 * key, in batches, while uploads and downloads go on. Blob data is never touched: a data
 * key is unwrapped with the ring and wrapped again with the primary under the same blob
 * id.
 * <p>
 * It always works on "data keys not wrapped by the primary", so it is idempotent and
 * resumes after a crash by construction. Each key is replaced with an optimistic
 * {@code update ... where kek_id = old and wrapped_dek = old}: a version deleted or
 * re-wrapped meanwhile is left alone. One node at a time runs it, holding a job lock
 * ({@link SingleNodeJobs#lease}) that it renews every batch; a node that dies loses the
 * lock when it expires and another (or the restarted one) carries on.
 * <p>
 * It works only towards the primary that the newest rotation recorded, and only while
 * this node's ring has that primary: a node that has not yet reloaded the key file (whose
 * primary is the previous key) does nothing, so two nodes never re-wrap back and forth. A
 * new primary that no rotation recorded (a new key set in {@code COFFER_MASTER_KEYSET})
 * is recorded first.
 */
@Component
@ConditionalOnWebApplication
class DataKeyRewrap {

	private static final Logger logger = LoggerFactory.getLogger(DataKeyRewrap.class);

	static final String JOB = "key-rewrap";

	private final MasterKeys masterKeys;

	private final KeyRepository keys;

	private final KeysProperties properties;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final SingleNodeJobs jobs;

	private final AtomicBoolean running = new AtomicBoolean();

	private volatile boolean stopping;

	DataKeyRewrap(MasterKeys masterKeys, KeyRepository keys, KeysProperties properties,
			ApplicationEventPublisher events, Clock clock, SingleNodeJobs jobs) {
		this.jobs = jobs;
		this.masterKeys = masterKeys;
		this.keys = keys;
		this.properties = properties;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Starts a run on a thread of its own: a run can take hours, and fixed-delay tasks
	 * share one scheduler thread with the key file watcher and the other housekeeping.
	 */
	@Scheduled(initialDelay = 0, fixedDelayString = "${coffer.keys.rewrap-interval:30s}")
	void scheduledRun() {
		if (!this.stopping && this.running.compareAndSet(false, true)) {
			Thread.ofVirtual().name("key-rewrap").start(() -> {
				try {
					run();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				catch (RuntimeException ex) {
					logger.warn("Data key re-wrap failed; it will run again", ex);
				}
				finally {
					this.running.set(false);
				}
			});
		}
	}

	@PreDestroy
	void stop() {
		this.stopping = true;
	}

	/**
	 * Re-wraps until no data key is left off the primary, the lease is lost, the ring
	 * changes or the server stops.
	 * @return how many data keys this run re-wrapped
	 */
	private int run() throws InterruptedException {
		Optional<Rotation> target = target(this.masterKeys.reloadIfChanged());
		if (target.isEmpty()) {
			return 0;
		}
		Optional<Lease> lease = this.jobs.lease(JOB, this.properties.rewrapLease());
		if (lease.isEmpty()) {
			return 0;
		}
		try (Lease held = lease.get()) {
			return rewrap(target.get(), held);
		}
	}

	private int rewrap(Rotation rotation, Lease lease) throws InterruptedException {
		int primary = rotation.newKeyId();
		logger.info("Re-wrapping data keys with master key {}: {} to go", Integer.toUnsignedString(primary),
				this.keys.dataKeysNotWrappedBy(primary));
		int rewrapped = 0;
		int failed = 0;
		String after = "";
		while (true) {
			List<StoredDataKey> batch = this.keys.dataKeysNotWrappedBy(primary, after,
					this.properties.rewrapBatchSize());
			if (batch.isEmpty()) {
				break;
			}
			if (this.stopping) {
				return rewrapped;
			}
			MasterKeyRing ring = this.masterKeys.reloadIfChanged();
			if (ring.primaryKeyId() != primary) {
				logger.info("Master key ring changed during the re-wrap; stopping here");
				return rewrapped;
			}
			for (StoredDataKey stored : batch) {
				if (rewrapOne(ring, Kind.DATA_KEY, stored.blobId(), stored.wrapped(),
						(newKey) -> this.keys.replaceWrappedKey(stored, newKey))) {
					rewrapped++;
				}
				else {
					failed++;
				}
			}
			after = batch.get(batch.size() - 1).versionId();
			if (!lease.renew()) {
				logger.warn("Lost the re-wrap job's lease to another node; stopping here");
				return rewrapped;
			}
			if (this.properties.rewrapBatchPause().isPositive()) {
				Thread.sleep(this.properties.rewrapBatchPause());
			}
		}
		// The keys in SealedSecretTables (TOTP secrets and link tokens under
		// SealedSecrets, the audit log's MAC keys, thumbnails' data keys): the same way,
		// table by table.
		Tally secrets = new Tally();
		for (SealedSecretTable table : this.keys.secretTables()) {
			if (!rewrapSecrets(table, primary, lease, secrets)) {
				return rewrapped + secrets.rewrapped;
			}
		}
		rewrapped += secrets.rewrapped;
		failed += secrets.failed;
		if (failed == 0 && this.keys.dataKeysNotWrappedBy(primary) == 0) {
			complete(rotation, rewrapped);
		}
		else {
			logger.warn("{} data key(s) could not be re-wrapped with master key {}; see the errors above", failed,
					Integer.toUnsignedString(primary));
		}
		return rewrapped;
	}

	/**
	 * Re-wraps the keys of one {@link SealedSecretTable} in batches, as the file
	 * versions' keys are.
	 * @return false if the run must stop here (lease lost, ring changed, server stopping)
	 */
	private boolean rewrapSecrets(SealedSecretTable table, int primary, Lease lease, Tally tally) {
		String afterRow = "";
		while (true) {
			List<SealedSecretKey> batch = this.keys.secretKeysNotWrappedBy(table, primary, afterRow,
					this.properties.rewrapBatchSize());
			if (batch.isEmpty()) {
				return true;
			}
			MasterKeyRing ring = this.masterKeys.reloadIfChanged();
			if (this.stopping || ring.primaryKeyId() != primary) {
				logger.info("Stopping the re-wrap here (server stopping or master key ring changed)");
				return false;
			}
			for (SealedSecretKey stored : batch) {
				if (rewrapOne(ring, table.kind(), stored.boundId(), stored.wrapped(),
						(newKey) -> this.keys.replaceSecretKey(stored, newKey))) {
					tally.rewrapped++;
				}
				else {
					tally.failed++;
				}
			}
			afterRow = batch.get(batch.size() - 1).rowId();
			if (!lease.renew()) {
				logger.warn("Lost the re-wrap job's lease to another node; stopping here");
				return false;
			}
		}
	}

	/** Keys re-wrapped and keys that could not be, so far. */
	private static final class Tally {

		private int rewrapped;

		private int failed;

	}

	/**
	 * Unwraps one stored key with {@code ring}, wraps it again with the primary and
	 * stores it.
	 * @return false if the key could not be unwrapped or wrapped
	 */
	private boolean rewrapOne(MasterKeyRing ring, Kind kind, String boundId, WrappedDataKey wrapped,
			Predicate<WrappedDataKey> replace) {
		try {
			WrappedDataKey rewrapped = kind.rewrap(ring, wrapped, boundId);
			// False when the row was deleted or re-wrapped meanwhile: nothing to do.
			replace.test(rewrapped);
			return true;
		}
		catch (CryptoException ex) {
			logger.error("Cannot re-wrap the data key of {} (master key {}): {}", boundId,
					Integer.toUnsignedString(wrapped.masterKeyId()), ex.getMessage());
			return false;
		}
	}

	private void complete(Rotation rotation, int rewrapped) {
		if (this.keys.markRewrapCompleted(rotation.id(), this.clock.instant())) {
			logger.info("Every data key is now wrapped by master key {} ({} re-wrapped by this node's last run)",
					Integer.toUnsignedString(rotation.newKeyId()), rewrapped);
			this.events.publishEvent(new SecurityEvent("keys.rewrap_completed", null, null,
					"master-key:" + Integer.toUnsignedString(rotation.newKeyId()), SecurityEvent.Outcome.SUCCESS,
					null));
		}
	}

	/**
	 * The rotation to work towards, if this node may work on it now: see the class
	 * comment.
	 */
	private Optional<Rotation> target(MasterKeyRing ring) {
		int primary = ring.primaryKeyId();
		Optional<Rotation> latest = this.keys.latestRotation();
		if (latest.isPresent() && latest.get().newKeyId() == primary) {
			boolean done = latest.get().rewrapCompletedAt() != null && this.keys.dataKeysNotWrappedBy(primary) == 0;
			return done ? Optional.empty() : latest;
		}
		if (this.keys.wasRecorded(primary)) {
			// This node's ring is older than the last rotation: it reloads soon.
			return Optional.empty();
		}
		if (this.keys.dataKeysNotWrappedBy(primary) == 0) {
			return Optional.empty();
		}
		this.keys.insertRotation(primary, latest.map(Rotation::newKeyId).orElse(null), this.clock.instant(),
				"environment");
		return this.keys.latestRotation().filter((rotation) -> rotation.newKeyId() == primary);
	}

}
