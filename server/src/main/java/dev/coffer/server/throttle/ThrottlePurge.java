package dev.coffer.server.throttle;

import java.time.Clock;
import java.time.Duration;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.coffer.server.jobs.SingleNodeJobs;

/**
 * Removes counted attempts older than any window can reach. Idempotent, so every node may
 * run it.
 */
@Component
class ThrottlePurge {

	/**
	 * Longer than any window a rule uses (the longest is the hour of the sign-in cap).
	 */
	static final Duration RETENTION = Duration.ofDays(1);

	private final ThrottleRepository attempts;

	private final Clock clock;

	private final SingleNodeJobs jobs;

	ThrottlePurge(ThrottleRepository attempts, Clock clock, SingleNodeJobs jobs) {
		this.jobs = jobs;
		this.attempts = attempts;
		this.clock = clock;
	}

	@Scheduled(initialDelay = 60_000, fixedDelay = 3_600_000)
	void purge() {
		this.jobs.runExclusively("throttle-purge", Duration.ofMinutes(10),
				() -> this.attempts.deleteBefore(this.clock.millis() - RETENTION.toMillis()));
	}

}
