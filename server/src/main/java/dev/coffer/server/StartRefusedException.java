package dev.coffer.server;

/**
 * The server cannot start in the state it found, and an operator can mend it: what is
 * wrong and what to do, which {@link StartRefusedFailureAnalyzer} shows in Spring Boot's
 * "APPLICATION FAILED TO START" report instead of a stack trace to read to the bottom.
 */
public class StartRefusedException extends IllegalStateException {

	private final String description;

	private final String action;

	public StartRefusedException(String description, String action, Throwable cause) {
		super(description + " " + action, cause);
		this.description = description;
		this.action = action;
	}

	public String description() {
		return this.description;
	}

	public String action() {
		return this.action;
	}

}
