package dev.coffer.server;

/**
 * Something the audit log must record: published as a Spring application event by the
 * feature where it happens, persisted by the audit log. Publishers never call the audit
 * log, so features stay independent of it; a change published as {@link Committing} is
 * recorded in its own transaction.
 *
 * @param action what happened, dotted and stable, e.g. {@code login.failed},
 * {@code file.downloaded}, {@code blob.integrity_failure}
 * @param actor the username who did it, or {@code null} for anonymous
 * @param clientAddress the client's address ({@code request.getRemoteAddr()}, which is
 * already the real client behind a trusted proxy), or {@code null} outside a request
 * @param target what it was done to, e.g. {@code file:<id>}, {@code user:<name>}, or
 * {@code null}
 * @param outcome whether it succeeded
 * @param details a short free-text addition, never a secret; may be {@code null}
 */
public record SecurityEvent(String action, String actor, String clientAddress, String target, Outcome outcome,
		String details) {

	/**
	 * {@code event}, published inside the read-write transaction that makes the change it
	 * describes, just before that commits: the audit log writes the entry in the same
	 * transaction, so the change and its entry commit together, with one commit instead
	 * of two, or not at all.
	 */
	public record Committing(SecurityEvent event) {

	}

	/** How the event ended. */
	public enum Outcome {

		SUCCESS, FAILURE, DENIED

	}

}
