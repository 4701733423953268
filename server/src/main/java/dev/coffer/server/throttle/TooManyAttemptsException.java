package dev.coffer.server.throttle;

import java.time.Duration;

import dev.coffer.server.RetryLaterException;

/**
 * An attempt refused by a {@link ThrottleRule}: answered 429 with {@code Retry-After}.
 */
public class TooManyAttemptsException extends RetryLaterException {

	public TooManyAttemptsException(Duration retryAfter) {
		super("Too many attempts. Try again in " + minutes(retryAfter) + ".", retryAfter);
	}

	private static String minutes(Duration wait) {
		long minutes = Math.max(1, (wait.toSeconds() + 59) / 60);
		return (minutes == 1) ? "1 minute" : minutes + " minutes";
	}

}
