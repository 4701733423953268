package dev.coffer.server.dav;

/**
 * A WebDAV answer that is only a status (RFC 4918's preconditions: 409 for a missing
 * parent, 412 for {@code Overwrite: F}, 405 for a folder that exists, and so on), thrown
 * where the condition is found and written by {@link DavController}.
 */
class DavStatusException extends RuntimeException {

	private final int status;

	DavStatusException(int status) {
		super(null, null, false, false);
		this.status = status;
	}

	int status() {
		return this.status;
	}

}
