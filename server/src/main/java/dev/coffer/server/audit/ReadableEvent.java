package dev.coffer.server.audit;

import java.time.Instant;

/**
 * An audit entry as the audit page and the account page show it: a sentence instead of
 * codes, names instead of ids, addresses as people write them. The raw entry is in the
 * exports.
 *
 * @param id the entry's order id (pages are keyed by it)
 * @param seq the entry's place in the chain, or null while it is not yet sealed
 * @param sentence what happened, e.g. "alice signed in"
 * @param note what else the entry says, in plain words, or null
 * @param actor who did it: a username, "anonymous", or "server" for the server itself and
 * operator commands
 * @param address the client's address, or null
 * @param outcome "Succeeded", "Failed" or "Denied"
 * @param action the stable action code, e.g. {@code login.succeeded}
 * @param alarming whether an admin should look at it first
 */
public record ReadableEvent(long id, Long seq, Instant time, String sentence, String note, String actor, String address,
		String outcome, String action, boolean alarming) {

	static final String ANONYMOUS = "anonymous";

	static final String SERVER = "server";

}
