package dev.coffer.server;

import java.time.Duration;
import java.util.Optional;

/** The request clashes with the current state, e.g. a taken username (HTTP 409). */
public class ConflictException extends DomainException {

	private final Duration retryAfter;

	public ConflictException(String message) {
		this(message, null);
	}

	/**
	 * A clash that ends by itself within {@code retryAfter}, such as a lease held by a
	 * request that was cut off: answered with {@code Retry-After} as well.
	 */
	public ConflictException(String message, Duration retryAfter) {
		super(message);
		this.retryAfter = retryAfter;
	}

	/** The value of the {@code Retry-After} header, if waiting ends the clash. */
	public Optional<String> retryAfterHeader() {
		return Optional.ofNullable(this.retryAfter).map(RetryLaterException::seconds);
	}

}
