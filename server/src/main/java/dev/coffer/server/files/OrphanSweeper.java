package dev.coffer.server.files;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.coffer.server.CofferProperties;
import dev.coffer.server.jobs.SingleNodeJobs;
import dev.coffer.server.storage.BlobStore;
import dev.coffer.server.storage.ObjectKeys;

/**
 * Removes what a crash or a failed request left in storage: writes never committed, and
 * objects no file version references (a blob is committed to storage before the database
 * transaction that records it, so a crash in between leaves one behind; a deleted
 * version's blob whose removal failed is another). Only objects older than the grace
 * period are touched, so an upload between its storage commit and its database commit is
 * never mistaken for an orphan. Runs at start and then periodically.
 */
@Component
@ConditionalOnWebApplication
class OrphanSweeper {

	private static final Logger logger = LoggerFactory.getLogger(OrphanSweeper.class);

	private final BlobStore store;

	private final FileRepository files;

	private final CofferProperties coffer;

	private final Clock clock;

	private final SingleNodeJobs jobs;

	OrphanSweeper(BlobStore store, FileRepository files, CofferProperties coffer, Clock clock, SingleNodeJobs jobs) {
		this.jobs = jobs;
		this.store = store;
		this.files = files;
		this.coffer = coffer;
		this.clock = clock;
	}

	/**
	 * On one node of a cluster at a time. The lock outlives a node that dies mid-sweep by
	 * two intervals (at least a minute, at most half an hour); a sweep that ran longer
	 * than that would at worst overlap with another node's, which is harmless.
	 */
	@Scheduled(initialDelay = 0, fixedDelayString = "${coffer.files.sweep-interval:15m}")
	void scheduledSweep() {
		Duration lockAtMostFor = clamp(this.coffer.files().sweepInterval().multipliedBy(2), Duration.ofMinutes(1),
				Duration.ofMinutes(30));
		this.jobs.runExclusively("orphan-sweep", lockAtMostFor, () -> {
			try {
				sweep();
			}
			catch (IOException | RuntimeException ex) {
				logger.warn("Orphan sweep failed; it will run again", ex);
			}
		});
	}

	/**
	 * @return how many objects and abandoned writes were removed
	 */
	int sweep() throws IOException {
		Instant cutoff = this.clock.instant().minus(this.coffer.files().orphanGracePeriod());
		int removed = this.store.deleteAbandonedWritesBefore(cutoff);
		for (String key : this.store.listKeysModifiedBefore(cutoff)) {
			if (!this.files.isReferenced(ObjectKeys.blobIdOf(key))) {
				this.store.delete(key);
				removed++;
			}
		}
		if (removed > 0) {
			logger.info("Orphan sweeper removed {} unreferenced or abandoned object(s)", removed);
		}
		return removed;
	}

	private static Duration clamp(Duration value, Duration min, Duration max) {
		return (value.compareTo(min) < 0) ? min : (value.compareTo(max) > 0) ? max : value;
	}

}
