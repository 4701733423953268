package dev.coffer.server.sharing.links;

import dev.coffer.server.DomainException;

/**
 * A link that existed but serves nothing any more: expired, revoked, used up, or pinned
 * to a deleted version. Answered 410 with a plain page by {@link PublicLinkController}.
 */
class LinkGoneException extends DomainException {

	LinkGoneException() {
		super("This link has expired, was revoked, or has reached its download limit.");
	}

}
