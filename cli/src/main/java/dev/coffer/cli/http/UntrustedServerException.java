package dev.coffer.cli.http;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;

/**
 * The server's certificate was refused. If it is a self-signed certificate not seen
 * before ({@link #canBePinned()}), the user may check its fingerprint and trust it.
 */
public final class UntrustedServerException extends CofferException {

	private final String presentedFingerprint;

	private final boolean selfSignedLeaf;

	private final boolean changed;

	UntrustedServerException(String message, String presentedFingerprint, boolean selfSignedLeaf, boolean changed,
			Throwable cause) {
		super(ExitCodes.UNTRUSTED_SERVER, message, cause);
		this.presentedFingerprint = presentedFingerprint;
		this.selfSignedLeaf = selfSignedLeaf;
		this.changed = changed;
	}

	public String presentedFingerprint() {
		return this.presentedFingerprint;
	}

	/** Whether the server showed a self-signed leaf certificate, the only kind pinned. */
	public boolean selfSignedLeaf() {
		return this.selfSignedLeaf;
	}

	/** Whether another certificate is pinned for the server. */
	public boolean changed() {
		return this.changed;
	}

	/** A self-signed certificate never seen before: the user may confirm it. */
	public boolean canBePinned() {
		return this.selfSignedLeaf && !this.changed;
	}

}
