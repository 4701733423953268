package dev.coffer.server;

/**
 * The caller is known and the object is theirs to see, but this action is closed to them,
 * e.g. signing up while sign-up is closed (HTTP 403).
 */
public class OperationNotAllowedException extends DomainException {

	public OperationNotAllowedException(String message) {
		super(message);
	}

}
