package dev.coffer.server;

/** An upload that crosses the size limit or the owner's quota (HTTP 413). */
public class PayloadTooLargeException extends DomainException {

	public PayloadTooLargeException(String message) {
		super(message);
	}

}
