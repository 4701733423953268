package dev.coffer.server.sharing.links;

import dev.coffer.server.GoneException;

/**
 * A link that existed but serves nothing any more: expired, revoked, used up, pinned to a
 * deleted version, or made by an account that is disabled now. Answered 410 with the
 * shared gone page, which says which of these it is (and nothing about the file), so that
 * a visitor whose page was open when the link ran out knows what happened.
 */
class LinkGoneException extends GoneException {

	LinkGoneException(ShareLink.Status status) {
		this(reason(status));
	}

	private LinkGoneException(String reason) {
		this("This link is no longer available", reason + " Ask whoever sent it to you for a new one.");
	}

	private LinkGoneException(String heading, String message) {
		super(heading, message);
	}

	/**
	 * A link to a folder that was deleted (it is in the trash, or inside a folder that
	 * is).
	 */
	static LinkGoneException folderDeleted() {
		return new LinkGoneException("The folder this link pointed to was deleted.");
	}

	/**
	 * A link whose owner's account is disabled. Says no more than that the link cannot be
	 * used now: the visitor learns nothing about the account.
	 */
	static LinkGoneException ownerDisabled() {
		return new LinkGoneException("This link is not available",
				"This link cannot be used at the moment. Ask whoever sent it to you.");
	}

	private static String reason(ShareLink.Status status) {
		return switch (status) {
			case EXPIRED -> "This link has expired.";
			case REVOKED -> "This link was revoked by whoever shared it.";
			case EXHAUSTED -> "This link has reached its download limit.";
			case VERSION_DELETED -> "The file, or the version of it this link pointed to, was deleted.";
			case ACTIVE -> "This link no longer serves its file.";
		};
	}

}
