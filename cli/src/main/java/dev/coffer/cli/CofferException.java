package dev.coffer.cli;

/**
 * A failure with a message for people and the exit code its kind stands for. The message
 * is shown on one line, without a stack trace (unless {@code --debug}).
 */
public class CofferException extends RuntimeException {

	private final int exitCode;

	public CofferException(int exitCode, String message) {
		super(message);
		this.exitCode = exitCode;
	}

	public CofferException(int exitCode, String message, Throwable cause) {
		super(message, cause);
		this.exitCode = exitCode;
	}

	public int exitCode() {
		return this.exitCode;
	}

}
