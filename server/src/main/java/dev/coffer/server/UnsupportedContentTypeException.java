package dev.coffer.server;

/** A request body of a type this endpoint does not take (HTTP 415). */
public class UnsupportedContentTypeException extends DomainException {

	public UnsupportedContentTypeException(String message) {
		super(message);
	}

}
