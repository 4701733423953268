package dev.coffer.server.audit;

import java.time.Instant;

/**
 * Which audit entries to show: each condition that is not null must hold.
 *
 * @param actor exact username
 * @param action any part of the action, lower case: {@code key} finds
 * {@code keys.rotated}, {@code file.} every file event
 * @param from inclusive
 * @param to exclusive
 */
public record AuditFilter(String actor, String action, Instant from, Instant to) {

	public static final AuditFilter ALL = new AuditFilter(null, null, null, null);

}
