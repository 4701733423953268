package dev.coffer.server.audit;

import java.time.Instant;

/**
 * One stored entry of the audit log.
 *
 * @param id its order id, assigned by the database when the event was recorded: the order
 * in which pages and exports list entries
 * @param seq its place in the chain, from 1, without gaps; null until the sealer has
 * chained it ({@link AuditSealer})
 * @param prevHash the previous entry's {@code hash}, hex; null until sealed
 * @param hash the link, hex: {@code SHA-256(prevHash ‖ canonical v1)} in format 1,
 * {@code HMAC-SHA256(prevHash ‖ canonical v2)} in format 2; null until sealed; see
 * {@link AuditChain}
 * @param format 1 or 2, or null until sealed
 * @param macKeyId the MAC key of a format-2 link ({@link AuditMacKeys}), else null
 */
public record AuditEntry(long id, Long seq, Instant time, String actor, String clientAddress, String action,
		String target, String outcome, String details, String prevHash, String hash, Integer format, String macKeyId) {

	/** True for the events an admin should look at first. */
	public boolean alarming() {
		return AuditLog.INTRUSION_SUSPECTED.equals(this.action) || "blob.integrity_failure".equals(this.action);
	}

	/** Whether the sealer has chained it yet. */
	public boolean sealed() {
		return this.seq != null;
	}

	/** This entry as recorded, with the order id the database gave it. */
	AuditEntry recordedAs(long id) {
		return new AuditEntry(id, this.seq, this.time, this.actor, this.clientAddress, this.action, this.target,
				this.outcome, this.details, this.prevHash, this.hash, this.format, this.macKeyId);
	}

	/** This entry as the sealer chains it. */
	AuditEntry sealedAs(long seq, String prevHash, String hash, String macKeyId) {
		return new AuditEntry(this.id, seq, this.time, this.actor, this.clientAddress, this.action, this.target,
				this.outcome, this.details, prevHash, hash, AuditChain.KEYED, macKeyId);
	}

}
