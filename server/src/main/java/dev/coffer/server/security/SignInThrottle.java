package dev.coffer.server.security;

import dev.coffer.server.RetryLaterException;

/**
 * Counts sign-in attempts per attempted username and per client network; implemented by
 * the throttle feature.
 */
public interface SignInThrottle {

	/**
	 * Counts an attempt.
	 * @throws RetryLaterException while the name or the address is locked
	 */
	Attempt begin(String username, String clientAddress);

	/** One counted attempt, open until it succeeded or failed. */
	interface Attempt {

		/** The username's failed attempts in the current window, this one included. */
		int failures();

		/** Signed in: the name's failures are forgiven (the address's are not). */
		void succeeded();

	}

}
