package dev.coffer.server.audit;

import java.time.Instant;

/**
 * One stored entry of the audit log.
 *
 * @param seq its place in the chain, from 1, without gaps
 * @param hash {@code SHA-256(prevHash ‖ canonical form)}, hex; see {@link AuditChain}
 */
public record AuditEntry(long seq, Instant time, String actor, String clientAddress, String action, String target,
		String outcome, String details, String prevHash, String hash) {

	/** True for the events an admin should look at first. */
	public boolean alarming() {
		return AuditLog.INTRUSION_SUSPECTED.equals(this.action) || "blob.integrity_failure".equals(this.action);
	}

}
