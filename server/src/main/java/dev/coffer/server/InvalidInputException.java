package dev.coffer.server;

/**
 * Input that breaks a rule (HTTP 400). Names the field, if there is one, for form errors.
 */
public class InvalidInputException extends DomainException {

	private final String field;

	public InvalidInputException(String field, String message) {
		super(message);
		this.field = field;
	}

	/** The form or JSON field at fault, or {@code null}. */
	public String field() {
		return this.field;
	}

}
