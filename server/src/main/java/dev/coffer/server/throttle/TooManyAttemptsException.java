package dev.coffer.server.throttle;

import java.time.Duration;

import dev.coffer.server.DomainException;

/**
 * An attempt refused by a {@link ThrottleRule}: answered 429 with {@code Retry-After}.
 */
public class TooManyAttemptsException extends DomainException {

	private final Duration retryAfter;

	public TooManyAttemptsException(Duration retryAfter) {
		super("Too many attempts. Try again in " + minutes(retryAfter) + ".");
		this.retryAfter = retryAfter;
	}

	/** How long to wait; at least one second. */
	public Duration retryAfter() {
		return this.retryAfter;
	}

	/** The value of the {@code Retry-After} header: whole seconds, rounded up. */
	public String retryAfterHeader() {
		long millis = this.retryAfter.toMillis();
		return Long.toString(Math.max(1, (millis + 999) / 1000));
	}

	private static String minutes(Duration wait) {
		long minutes = Math.max(1, (wait.toSeconds() + 59) / 60);
		return (minutes == 1) ? "1 minute" : minutes + " minutes";
	}

}
