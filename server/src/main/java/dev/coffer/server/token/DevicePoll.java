package dev.coffer.server.token;

/**
 * What a device's poll gets: a token, or an RFC 6749 §5.2 / RFC 8628 §3.5 error code with
 * a description for people.
 *
 * @param token the new personal access token, or {@code null}
 * @param error the error code, or {@code null}
 * @param description what the error means, or {@code null}
 */
record DevicePoll(String token, String error, String description) {

	static DevicePoll issued(String token) {
		return new DevicePoll(token, null, null);
	}

	static DevicePoll refused(String error, String description) {
		return new DevicePoll(null, error, description);
	}

}
