package dev.coffer.server.sharing.requests;

import java.util.regex.Pattern;

import dev.coffer.server.InvalidInputException;

/**
 * Who sent files through a request link, as they typed it on the public form. Validated
 * at the edge and stored as typed (only surrounding spaces are trimmed from name and
 * e-mail), so it must always be rendered escaped.
 *
 * @param message may be empty; newlines and tabs are kept
 */
record Sender(String name, String email, String message) {

	static final int MAX_NAME = 100;

	static final int MAX_EMAIL = 254;

	static final int MAX_MESSAGE = 2000;

	/** The same syntax as account e-mail addresses: a local part of at most 64, a dot. */
	private static final Pattern EMAIL = Pattern
		.compile("[^\\s@\\p{Cntrl}]{1,64}@[^\\s@\\p{Cntrl}.]+(\\.[^\\s@\\p{Cntrl}.]+)+");

	/**
	 * Control characters, line and paragraph separators, and bidirectional controls (they
	 * can make text display as something else).
	 */
	private static final Pattern CONTROL = Pattern
		.compile("[\\p{Cc}\\p{Zl}\\p{Zp}\\u200E\\u200F\\u061C\\u202A-\\u202E\\u2066-\\u2069]");

	/** As {@link #CONTROL}, but a message keeps its line breaks and tabs. */
	private static final Pattern CONTROL_IN_MESSAGE = Pattern
		.compile("[\\p{Cc}\\p{Zl}\\p{Zp}\\u200E\\u200F\\u061C\\u202A-\\u202E\\u2066-\\u2069&&[^\\r\\n\\t]]");

	/**
	 * @return the sender, if every field keeps the rules
	 * @throws InvalidInputException naming the first field that breaks one
	 */
	static Sender of(String name, String email, String message) {
		String validName = (name != null) ? name.strip() : "";
		if (validName.isEmpty() || validName.length() > MAX_NAME) {
			throw new InvalidInputException("name", "Enter your name, 1 to 100 characters.");
		}
		if (CONTROL.matcher(validName).find()) {
			throw new InvalidInputException("name", "Your name cannot contain control characters.");
		}
		String validEmail = (email != null) ? email.strip() : "";
		if (validEmail.length() > MAX_EMAIL || !EMAIL.matcher(validEmail).matches()
				|| CONTROL.matcher(validEmail).find()) {
			throw new InvalidInputException("email", "Enter your e-mail address, like name@example.org.");
		}
		String validMessage = (message != null) ? message : "";
		if (validMessage.length() > MAX_MESSAGE) {
			throw new InvalidInputException("message", "The message can be at most 2,000 characters.");
		}
		if (CONTROL_IN_MESSAGE.matcher(validMessage).find()) {
			throw new InvalidInputException("message",
					"The message cannot contain control characters (line breaks and tabs are fine).");
		}
		return new Sender(validName, validEmail, validMessage);
	}

}
