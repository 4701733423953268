package dev.coffer.server.token;

/**
 * A token just made: the only moment the secret exists in the server, before it is shown
 * to its owner once.
 */
record IssuedApiToken(String token, ApiToken apiToken) {

	@Override
	public String toString() {
		return "IssuedApiToken[id=" + this.apiToken.id() + "]";
	}

}
