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
		long millis = this.retryAfter.toMillis();
		return Long.toString(Math.max(1, (millis + 999) / 1000));
	}

}
