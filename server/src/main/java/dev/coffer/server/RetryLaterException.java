package dev.coffer.server;

import java.time.Duration;

/**
 * Refused for now, allowed again after a wait (HTTP 429 with {@code Retry-After}).
 */
public abstract class RetryLaterException extends DomainException {

	private final Duration retryAfter;

	protected RetryLaterException(String message, Duration retryAfter) {
		super(message);
		this.retryAfter = retryAfter;
	}

	/** How long to wait; at least one second. */
	public Duration retryAfter() {
		return this.retryAfter;
	}

	/** The value of the {@code Retry-After} header: whole seconds, rounded up. */
	public String retryAfterHeader() {
		return seconds(this.retryAfter);
	}

	/** {@code wait} in whole seconds, rounded up, at least one: a {@code Retry-After}. */
	static String seconds(Duration wait) {
		return Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000));
	}

}
