package dev.coffer.server.dav;

import java.util.List;

/**
 * A WebDAV answer that is only a status (RFC 4918's preconditions: 409 for a missing
 * parent, 412 for {@code Overwrite: F}, 405 for a folder that exists, and so on), thrown
 * where the condition is found and written by {@link DavController}; with the name of the
 * precondition or postcondition it breaks (RFC 4918 §16), if it has one, which the
 * answer's {@code DAV:error} body names, with the paths it concerns (the roots of the
 * locks in the way, for {@code lock-token-submitted} and {@code no-conflicting-lock});
 * and with a sentence for the user, if it has one ({@link #refused}).
 */
class DavStatusException extends RuntimeException {

	private final int status;

	private final String condition;

	private final List<DavPath> paths;

	private final String message;

	DavStatusException(int status) {
		this(status, null, List.of());
	}

	/**
	 * @param condition the element naming the condition, in the {@code DAV:} namespace
	 * @param paths the paths the condition names, as {@code href}s
	 */
	DavStatusException(int status, String condition, List<DavPath> paths) {
		this(status, condition, paths, null);
	}

	private DavStatusException(int status, String condition, List<DavPath> paths, String message) {
		super(message, null, false, false);
		this.status = status;
		this.condition = condition;
		this.paths = List.copyOf(paths);
		this.message = message;
	}

	/**
	 * 403, saying why in words a client can show (rclone prints it next to the file it
	 * could not change).
	 */
	static DavStatusException refused(String message) {
		return saying(403, message);
	}

	/** A status with a sentence for the user. */
	static DavStatusException saying(int status, String message) {
		return new DavStatusException(status, null, List.of(), message);
	}

	int status() {
		return this.status;
	}

	/** The name of the condition in the {@code DAV:} namespace, or null. */
	String condition() {
		return this.condition;
	}

	List<DavPath> paths() {
		return this.paths;
	}

	/** Why, for the user, or null. */
	String message() {
		return this.message;
	}

}
