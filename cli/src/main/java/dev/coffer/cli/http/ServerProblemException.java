package dev.coffer.cli.http;

import java.time.Duration;
import java.util.Optional;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;

/**
 * The server answered with an error. The message is the server's own explanation (the
 * {@code detail} of its RFC 9457 problem), which is written for people.
 */
public final class ServerProblemException extends CofferException {

	private final int status;

	private final Duration retryAfter;

	ServerProblemException(int status, String message) {
		this(status, message, null);
	}

	ServerProblemException(int status, String message, Duration retryAfter) {
		super(exitCode(status), message);
		this.status = status;
		this.retryAfter = retryAfter;
	}

	public int status() {
		return this.status;
	}

	/** Whether the server has no such thing (404), or no longer (410). */
	public boolean isGone() {
		return this.status == 404 || this.status == 410;
	}

	/** How long the server said to wait before trying again ({@code Retry-After}). */
	public Optional<Duration> retryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

	static int exitCode(int status) {
		return switch (status) {
			case 401 -> ExitCodes.NOT_SIGNED_IN;
			case 404 -> ExitCodes.NOT_FOUND;
			case 429 -> ExitCodes.TRY_LATER;
			case 400, 403, 405, 409, 410, 411, 412, 413, 415, 416, 422 -> ExitCodes.REFUSED;
			default -> ExitCodes.SERVER_ERROR;
		};
	}

}
