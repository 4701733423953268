package dev.coffer.server;

/**
 * Something that existed but serves nothing any more, such as an expired or revoked link
 * (HTTP 410). Pages show its {@link #heading()} above the message.
 */
public class GoneException extends DomainException {

	private final String heading;

	public GoneException(String heading, String message) {
		super(message);
		this.heading = heading;
	}

	/** A one-line headline for the page, in the user's words. */
	public String heading() {
		return this.heading;
	}

}
