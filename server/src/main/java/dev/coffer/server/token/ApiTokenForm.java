package dev.coffer.server.token;

import dev.coffer.server.InvalidInputException;

/**
 * What the create-token form posts.
 *
 * @param expiresIn days until the token expires, or {@code never}
 */
record ApiTokenForm(String name, String expiresIn) {

	static final String NEVER = "never";

	/**
	 * @return the days until expiry, or {@code null} for never
	 */
	Integer expiresInDays() {
		if (NEVER.equals(this.expiresIn)) {
			return null;
		}
		try {
			return Integer.valueOf(this.expiresIn);
		}
		catch (NumberFormatException ex) {
			throw new InvalidInputException("expiresIn", "Choose when the token expires.");
		}
	}

}
