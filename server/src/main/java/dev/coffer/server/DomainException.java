package dev.coffer.server;

/**
 * A failure the user can do something about. Its message is written for the user and is
 * safe to show: it never contains internal details. Each subtype maps to one HTTP status,
 * in one place ({@code dev.coffer.server.web.ErrorResponses}).
 */
public abstract class DomainException extends RuntimeException {

	protected DomainException(String message) {
		super(message, null, false, false);
	}

}
