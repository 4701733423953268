package dev.coffer.server.account;

import java.util.Locale;
import java.util.regex.Pattern;

import dev.coffer.server.InvalidInputException;

/** Usernames are 3 to 32 of {@code [a-z0-9._-]}, compared and stored lower-case. */
final class Usernames {

	private static final Pattern VALID = Pattern.compile("[a-z0-9._-]{3,32}");

	private Usernames() {
	}

	/** The canonical (lower-case, trimmed) form, or {@code ""} for null. */
	static String normalize(String username) {
		return (username != null) ? username.strip().toLowerCase(Locale.ROOT) : "";
	}

	/**
	 * @return the canonical form of a valid username
	 */
	static String requireValid(String field, String username) {
		String normalized = normalize(username);
		if (!VALID.matcher(normalized).matches()) {
			throw new InvalidInputException(field,
					"Usernames are 3 to 32 characters: letters a–z, digits, '.', '_' or '-'.");
		}
		return normalized;
	}

}
