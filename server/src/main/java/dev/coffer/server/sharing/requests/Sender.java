package dev.coffer.server.sharing.requests;

import java.util.regex.Pattern;

import dev.coffer.server.InvalidInputException;
import dev.coffer.server.TextRules;

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
	 * @return the sender, if every field keeps the rules
	 * @throws InvalidInputException naming the first field that breaks one
	 */
	static Sender of(String name, String email, String message) {
		String validName = (name != null) ? name.strip() : "";
		if (validName.isEmpty() || validName.length() > MAX_NAME) {
			throw new InvalidInputException("name", "Enter your name, 1 to 100 characters.");
		}
		TextRules.requireSingleLine("name", "Your name", validName);
		String validEmail = (email != null) ? email.strip() : "";
		TextRules.requireSingleLine("email", "Your e-mail address", validEmail);
		if (validEmail.length() > MAX_EMAIL || !EMAIL.matcher(validEmail).matches()) {
			throw new InvalidInputException("email", "Enter your e-mail address, like name@example.org.");
		}
		String validMessage = (message != null) ? message : "";
		if (validMessage.length() > MAX_MESSAGE) {
			throw new InvalidInputException("message", "The message can be at most 2,000 characters.");
		}
		// Checked with its line ends as LF, stored as typed (DESIGN.md §5): the sender's
		// message is shown to the owner exactly as it came.
		TextRules.requireMultiLine("message", "The message", validMessage);
		return new Sender(validName, validEmail, validMessage);
	}

}
