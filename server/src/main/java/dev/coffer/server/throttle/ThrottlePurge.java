package dev.coffer.server.throttle;

import java.time.Clock;
import java.time.Duration;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

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

	ThrottlePurge(ThrottleRepository attempts, Clock clock) {
		this.attempts = attempts;
		this.clock = clock;
	}

	@Scheduled(initialDelay = 60_000, fixedDelay = 3_600_000)
	void purge() {
		this.attempts.deleteBefore(this.clock.millis() - RETENTION.toMillis());
	}

}
