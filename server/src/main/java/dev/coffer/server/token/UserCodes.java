package dev.coffer.server.token;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * The short code a user checks and types on the approval page: 8 characters from the 20
 * consonants RFC 8628 §6.1 suggests (no vowels, so no words; no digits, so no 0/O or 1/I
 * confusion), shown as {@code BDFG-HJKL}: about 34.6 bits, which with 10 minutes of life
 * and throttled entry is far beyond guessing.
 */
final class UserCodes {

	static final String ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";

	static final int LENGTH = 8;

	private static final SecureRandom RANDOM = new SecureRandom();

	private UserCodes() {
	}

	static String newCode() {
		StringBuilder code = new StringBuilder(LENGTH + 1);
		for (int i = 0; i < LENGTH; i++) {
			if (i == LENGTH / 2) {
				code.append('-');
			}
			code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
		}
		return code.toString();
	}

	/**
	 * The code as it is hashed: upper case, without the dash or spaces a user may type,
	 * so {@code bdfg hjkl} finds {@code BDFG-HJKL}.
	 * @return the normalized code, or {@code null} if it cannot be one of ours
	 */
	static String normalize(String typed) {
		if (typed == null || typed.length() > 32) {
			return null;
		}
		String code = typed.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
		if (code.length() != LENGTH || !code.chars().allMatch((c) -> ALPHABET.indexOf(c) >= 0)) {
			return null;
		}
		return code;
	}

	/** How a normalized code is shown: with its dash. */
	static String display(String normalized) {
		return normalized.substring(0, LENGTH / 2) + "-" + normalized.substring(LENGTH / 2);
	}

}
