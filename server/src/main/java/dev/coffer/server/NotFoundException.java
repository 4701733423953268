package dev.coffer.server;

/**
 * The thing does not exist, or the caller may not know that it exists (HTTP 404). Coffer
 * never answers 403 for someone else's object: that would confirm it exists.
 */
public class NotFoundException extends DomainException {

	public NotFoundException(String message) {
		super(message);
	}

}
