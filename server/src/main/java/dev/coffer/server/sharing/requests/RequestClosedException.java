package dev.coffer.server.sharing.requests;

import dev.coffer.server.GoneException;

/**
 * A request link that exists but no longer accepts files: expired, revoked or full, or
 * made by an account that is disabled now. Answered 410 with a plain page.
 */
class RequestClosedException extends GoneException {

	RequestClosedException(String message) {
		super("This request link does not accept files", message);
	}

	/**
	 * A request link whose owner's account is disabled; says nothing about the account.
	 */
	static RequestClosedException ownerDisabled() {
		return new RequestClosedException(
				"This request link cannot be used at the moment. Ask whoever sent it to you.");
	}

	static RequestClosedException of(FileRequest.Status status) {
		return new RequestClosedException(switch (status) {
			case EXPIRED -> "This request link has expired. Ask its owner for a new one.";
			case REVOKED -> "This request link was withdrawn by its owner.";
			default -> "This request link has received all the files it accepts.";
		});
	}

}
