package dev.coffer.server.throttle;

import java.time.Duration;

import dev.coffer.server.RetryLaterException;

/**
 * An attempt refused by a {@link ThrottleRule}: answered 429 with {@code Retry-After}.
 */
public class TooManyAttemptsException extends RetryLaterException {

	public TooManyAttemptsException(Duration retryAfter) {
		super("Too many attempts. Try again in " + waitText(retryAfter) + ".", retryAfter);
	}

	/**
	 * The wait as the {@code Retry-After} header says it, in words: seconds under a
	 * minute (a link password's 30 s is not "1 minute"), minutes rounded up above.
	 */
	private static String waitText(Duration wait) {
		long seconds = Math.max(1, wait.toSeconds() + ((wait.toNanosPart() > 0) ? 1 : 0));
		if (seconds < 60) {
			return (seconds == 1) ? "1 second" : seconds + " seconds";
		}
		long minutes = (seconds + 59) / 60;
		return (minutes == 1) ? "1 minute" : minutes + " minutes";
	}

}
