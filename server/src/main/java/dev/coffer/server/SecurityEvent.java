package dev.coffer.server;

/**
 * Something the audit log must record: published as a Spring application event by the
 * feature where it happens, persisted by the audit log. Publishers never wait for or
 * depend on the audit log, so features stay independent of it.
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

	/** How the event ended. */
	public enum Outcome {

		SUCCESS, FAILURE, DENIED

	}

}
