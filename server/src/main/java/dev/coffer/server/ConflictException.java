package dev.coffer.server;

/** The request clashes with the current state, e.g. a taken username (HTTP 409). */
public class ConflictException extends DomainException {

	public ConflictException(String message) {
		super(message);
	}

}
