package dev.coffer.server.security;

/**
 * What sign-in needs to know and record about accounts; implemented by the account
 * feature.
 */
public interface SignInAccounts {

	/** Whether the sign-in page offers sign-up. */
	boolean signUpOpen();

	/** Counts a failed sign-in for the name (which may not exist), to tell its owner. */
	void recordFailedLogin(String username);

	/**
	 * Records a successful sign-in and returns how many failed since the one before.
	 */
	int recordLogin(String username);

}
