package dev.coffer.server.sharing.links;

import dev.coffer.server.GoneException;

/**
 * A link that existed but serves nothing any more: expired, revoked, used up, or pinned
 * to a deleted version. Answered 410 with a plain page that names no file.
 */
class LinkGoneException extends GoneException {

	LinkGoneException() {
		super("This link is no longer available", "This link has expired, was revoked, or has reached its "
				+ "download limit. Ask whoever sent it to you for a new one.");
	}

}
