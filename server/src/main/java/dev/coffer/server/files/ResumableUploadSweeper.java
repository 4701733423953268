package dev.coffer.server.files;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.coffer.server.jobs.SingleNodeJobs;

/**
 * Removes resumable uploads left unfinished for longer than
 * {@code coffer.files.unfinished-upload-expiry}, with what arrived of them, on one node
 * of a cluster at a time, at start and then every {@code coffer.files.sweep-interval}.
 */
@Component
@ConditionalOnWebApplication
class ResumableUploadSweeper {

	private static final Logger logger = LoggerFactory.getLogger(ResumableUploadSweeper.class);

	private static final int BATCH_SIZE = 100;

	private final ResumableUploads uploads;

	private final SingleNodeJobs jobs;

	ResumableUploadSweeper(ResumableUploads uploads, SingleNodeJobs jobs) {
		this.uploads = uploads;
		this.jobs = jobs;
	}

	@Scheduled(initialDelay = 0, fixedDelayString = "${coffer.files.sweep-interval:15m}")
	void scheduledSweep() {
		this.jobs.runExclusively("unfinished-upload-expiry", Duration.ofMinutes(30), () -> {
			try {
				int deleted;
				do {
					deleted = this.uploads.deleteExpired(BATCH_SIZE);
					if (deleted > 0) {
						logger.info("Removed {} unfinished upload(s) past their expiry", deleted);
					}
				}
				while (deleted == BATCH_SIZE);
			}
			catch (RuntimeException ex) {
				logger.warn("Removing expired unfinished uploads failed; it will run again", ex);
			}
		});
	}

}
