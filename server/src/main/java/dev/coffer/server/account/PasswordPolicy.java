package dev.coffer.server.account;

import java.text.Normalizer;
import java.util.Locale;

import org.springframework.security.authentication.password.CompromisedPasswordChecker;
import org.springframework.stereotype.Component;

import dev.coffer.server.InvalidInputException;
import dev.coffer.server.TextRules;

/**
 * Password rules after NIST SP 800-63B and OWASP ASVS: 12 to 128 characters of any kind,
 * not on the list of common or breached passwords, not the username. No composition rules
 * (they make passwords harder to remember, not to guess). Length counts Unicode code
 * points after NFKC normalization, the form in which passwords are also hashed
 * ({@link PasswordHashing}).
 */
@Component
class PasswordPolicy {

	static final int MIN_LENGTH = 12;

	static final int MAX_LENGTH = 128;

	private final CompromisedPasswordChecker commonPasswords;

	PasswordPolicy(CompromisedPasswordChecker commonPasswords) {
		this.commonPasswords = commonPasswords;
	}

	/**
	 * @param field the form field to blame
	 * @throws InvalidInputException with a message that says how to fix it
	 */
	void check(String field, String password, String username) {
		if (password == null || password.isEmpty()) {
			throw new InvalidInputException(field, "Enter a password.");
		}
		TextRules.requireWellFormed(field, "The password", password);
		String normalized = Normalizer.normalize(password, Normalizer.Form.NFKC);
		int length = normalized.codePointCount(0, normalized.length());
		if (length < MIN_LENGTH) {
			throw new InvalidInputException(field, "Use at least " + MIN_LENGTH
					+ " characters. A few unrelated words make a long password that is easy to remember.");
		}
		if (length > MAX_LENGTH) {
			throw new InvalidInputException(field, "Use at most " + MAX_LENGTH + " characters.");
		}
		if (username != null && normalized.toLowerCase(Locale.ROOT).equals(username)) {
			throw new InvalidInputException(field, "Your password must not be your username.");
		}
		if (this.commonPasswords.check(normalized).isCompromised()) {
			throw new InvalidInputException(field,
					"This password is on a list of common or breached passwords, so attackers try it first. Choose another.");
		}
	}

}
