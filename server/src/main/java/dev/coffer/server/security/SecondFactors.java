package dev.coffer.server.security;

/**
 * Whether an account signs in with its password alone; implemented by the second-factor
 * feature, for the sign-ins that have no second step (WebDAV's passwords).
 */
public interface SecondFactors {

	/**
	 * Whether the account has no second factor (authenticator app or passkey) and none is
	 * required on this server: then its password alone signs it in.
	 */
	boolean passwordSuffices(String username);

}
