package dev.coffer.server;

/**
 * A conditional request's {@code If-Match} or {@code If-None-Match} does not hold for
 * what it would change (HTTP 412): the file changed since the client read it, or exists
 * where the client wanted to create it. Nothing was changed.
 */
public class PreconditionFailedException extends DomainException {

	private final String currentETag;

	/**
	 * @param currentETag the strong entity tag of what is there now, or null if there is
	 * nothing
	 */
	public PreconditionFailedException(String message, String currentETag) {
		super(message);
		this.currentETag = currentETag;
	}

	/** The entity tag of what is there now (quoted), or null if there is nothing. */
	public String currentETag() {
		return this.currentETag;
	}

}
