package dev.coffer.server.account;

import java.util.Locale;
import java.util.regex.Pattern;

import dev.coffer.server.InvalidInputException;
import dev.coffer.server.TextRules;

/**
 * E-mail addresses: optional, at most 254 characters (RFC 5321 path limit), a local part
 * of at most 64, one {@code @}, a domain with a dot and no spaces or control characters.
 * Stored lower-case so that one address cannot be registered twice in different case.
 */
final class Emails {

	private static final Pattern SYNTAX = Pattern
		.compile("[^\\s@\\p{Cntrl}]{1,64}@[^\\s@\\p{Cntrl}.]+(\\.[^\\s@\\p{Cntrl}.]+)+");

	private Emails() {
	}

	/**
	 * @return the canonical form, or {@code null} if none was given
	 */
	static String normalizeOptional(String field, String email) {
		if (email == null || email.isBlank()) {
			return null;
		}
		TextRules.requireSingleLine(field, "An e-mail address", email);
		String normalized = email.strip().toLowerCase(Locale.ROOT);
		if (normalized.length() > 254 || !SYNTAX.matcher(normalized).matches()) {
			throw new InvalidInputException(field, "Enter an e-mail address like name@example.org, or leave it empty.");
		}
		return normalized;
	}

}
