package dev.coffer.server.files;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.coffer.server.jobs.SingleNodeJobs;

/**
 * Deletes for good what has been in the trash for longer than
 * {@code coffer.files.trash-retention}, on one node of a cluster at a time, at start and
 * then every {@code coffer.files.sweep-interval}. An entry may outlive its retention by
 * up to one interval.
 */
@Component
@ConditionalOnWebApplication
class TrashSweeper {

	private static final Logger logger = LoggerFactory.getLogger(TrashSweeper.class);

	private static final int BATCH_SIZE = 100;

	private final Trash trash;

	private final SingleNodeJobs jobs;

	TrashSweeper(Trash trash, SingleNodeJobs jobs) {
		this.trash = trash;
		this.jobs = jobs;
	}

	@Scheduled(initialDelay = 0, fixedDelayString = "${coffer.files.sweep-interval:15m}")
	void scheduledSweep() {
		this.jobs.runExclusively("trash-expiry", Duration.ofMinutes(30), () -> {
			try {
				int deleted = this.trash.deleteExpired(BATCH_SIZE);
				if (deleted > 0) {
					logger.info("Deleted {} trash entries for good: they were older than the retention", deleted);
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Emptying the expired trash failed; it will run again", ex);
			}
		});
	}

}
