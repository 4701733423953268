package dev.coffer.cli;

/**
 * What {@code coffer} exits with; stable, so that scripts can rely on them (docs/CLI.md
 * lists them). Each failure is a {@link CofferException} whose type says which code it
 * gets.
 */
public final class ExitCodes {

	/** It worked. */
	public static final int OK = 0;

	/** A failure none of the codes below describes. */
	public static final int FAILED = 1;

	/** The command line was wrong: an unknown option, a missing argument. */
	public static final int USAGE = 2;

	/**
	 * Not signed in, the token was refused (revoked, expired), or signing in was denied
	 * or timed out.
	 */
	public static final int NOT_SIGNED_IN = 3;

	/**
	 * The file (or user, version, link) does not exist or is not visible to you; or you
	 * have no key pair for end-to-end encryption on this computer.
	 */
	public static final int NOT_FOUND = 4;

	/**
	 * The server refused the request: invalid input, a conflict (the name is taken), not
	 * allowed, too large, an unsupported type, gone.
	 */
	public static final int REFUSED = 5;

	/** Too many attempts: the server asks to wait (429). */
	public static final int TRY_LATER = 6;

	/**
	 * The server's certificate is not trusted: not confirmed, or not the one pinned for
	 * the server.
	 */
	public static final int UNTRUSTED_SERVER = 7;

	/**
	 * The server could not be reached, took the connection but did not answer in time, or
	 * the connection broke.
	 */
	public static final int UNREACHABLE = 8;

	/** The server failed (5xx) or answered something the client does not understand. */
	public static final int SERVER_ERROR = 9;

	/**
	 * Downloaded content does not match the SHA-256 the server gave; nothing was kept.
	 */
	public static final int CORRUPT_DOWNLOAD = 10;

	/** A local file could not be read or written. */
	public static final int LOCAL_FILE = 11;

	/**
	 * Standard output was closed by its reader ({@code | head}): the command stopped
	 * quietly, with the status a shell reports for a program ended by SIGPIPE.
	 */
	public static final int BROKEN_PIPE = 141;

	private ExitCodes() {
	}

}
