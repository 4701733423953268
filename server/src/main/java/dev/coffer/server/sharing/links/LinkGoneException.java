package dev.coffer.server.sharing.links;

import dev.coffer.server.DomainException;

/**
 * A link that existed but serves nothing any more: expired, revoked, used up, or pinned
 * to a deleted version. Answered 410 with a plain page by {@link PublicLinkController},
 * which says which of these it is (and nothing about the file), so that a visitor whose
 * page was open when the link ran out knows what happened.
 */
class LinkGoneException extends DomainException {

	LinkGoneException(ShareLink.Status status) {
		super(reason(status));
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
