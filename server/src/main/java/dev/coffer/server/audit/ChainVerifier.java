package dev.coffer.server.audit;

import java.util.List;

import org.springframework.stereotype.Component;

/**
 * Walks the audit chain in sequence order, in batches, and checks every link: sequence
 * numbers start at 1 without gaps, each {@code prev_hash} is the previous entry's hash,
 * each {@code hash} matches the entry's canonical form, and the head row points at the
 * last entry.
 */
@Component
public class ChainVerifier {

	static final int BATCH_SIZE = 1000;

	private final AuditRepository entries;

	ChainVerifier(AuditRepository entries) {
		this.entries = entries;
	}

	/**
	 * @param entries how many entries were checked
	 * @param brokenAt the sequence number of the first broken entry, or null if the chain
	 * is intact
	 * @param problem what is wrong there, or null
	 */
	public record Result(long entries, Long brokenAt, String problem) {

		public boolean intact() {
			return this.brokenAt == null;
		}

	}

	public Result verify() {
		long expectedSeq = 1;
		String prevHash = AuditChain.GENESIS;
		long checked = 0;
		List<AuditEntry> batch;
		do {
			batch = this.entries.batchAfter(expectedSeq - 1, BATCH_SIZE);
			for (AuditEntry entry : batch) {
				if (entry.seq() != expectedSeq) {
					return new Result(checked, expectedSeq,
							"entry missing (the next entry is #" + entry.seq() + "): deleted or reordered");
				}
				if (!prevHash.equals(entry.prevHash())) {
					return new Result(checked, entry.seq(), "prev_hash does not match the hash of entry #"
							+ (entry.seq() - 1) + ": reordered or replaced");
				}
				if (!AuditChain.hash(prevHash, entry).equals(entry.hash())) {
					return new Result(checked, entry.seq(), "hash does not match the content: the entry was edited");
				}
				prevHash = entry.hash();
				expectedSeq++;
				checked++;
			}
		}
		while (batch.size() == BATCH_SIZE);
		AuditRepository.Head head = this.entries.head();
		if (head.seq() != checked || !head.hash().equals(prevHash)) {
			return new Result(checked, checked + 1, "the chain head names entry #" + head.seq()
					+ " but the table ends at #" + checked + ": entries were deleted from the end");
		}
		return new Result(checked, null, null);
	}

}
