package dev.coffer.server.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.coffer.crypto.MacKey;
import dev.coffer.server.audit.AuditCheckpoints.Checkpoint;

/**
 * Walks the audit chain in {@code seq} order, in batches, and checks every link: sequence
 * numbers start at 1 without gaps; each {@code prev_hash} is the previous entry's link; a
 * format-1 link is the SHA-256 of the entry, a format-2 link its HMAC-SHA256 under the
 * MAC key it names, and no format-1 entry follows a format-2 one; the head row names the
 * last entry. Then it compares the chain with the checkpoints it was given (written
 * outside the database by {@link AuditCheckpoints}): each must name an entry of the chain
 * with the same link, which is what exposes entries cut from the end and a table
 * rewritten from scratch.
 */
@Component
public class ChainVerifier {

	static final int BATCH_SIZE = 1000;

	private final AuditRepository entries;

	private final AuditMacKeys macKeys;

	ChainVerifier(AuditRepository entries, AuditMacKeys macKeys) {
		this.entries = entries;
		this.macKeys = macKeys;
	}

	/**
	 * @param entries how many sealed entries were checked and found intact
	 * @param keyed how many of them have a format-2 (HMAC) link
	 * @param unsealed how many entries are recorded but not yet sealed (not checked)
	 * @param brokenAt the {@code seq} of the first broken entry, or null if the chain is
	 * intact
	 * @param brokenId the order id of that entry, if it exists
	 * @param problem what is wrong there, or null
	 * @param checkpoints how many checkpoints were compared with the chain
	 * @param latestCheckpoint the newest of them, or null
	 */
	public record Result(long entries, long keyed, long unsealed, Long brokenAt, Long brokenId, String problem,
			int checkpoints, Checkpoint latestCheckpoint) {

		public boolean intact() {
			return this.brokenAt == null;
		}

	}

	public Result verify() {
		return verify(List.of());
	}

	/** Verifies the chain, and then these checkpoints against it. */
	public Result verify(List<Checkpoint> checkpoints) {
		Map<Long, List<Checkpoint>> bySeq = new HashMap<>();
		checkpoints
			.forEach((checkpoint) -> bySeq.computeIfAbsent(checkpoint.seq(), (s) -> new ArrayList<>()).add(checkpoint));
		Checkpoint latest = checkpoints.stream().max(Comparator.comparing(Checkpoint::time)).orElse(null);
		Walk walk = new Walk(checkpoints.size(), latest);
		List<AuditEntry> batch;
		do {
			batch = this.entries.batchAfter(walk.expectedSeq - 1, BATCH_SIZE);
			for (AuditEntry entry : batch) {
				if (entry.seq() != walk.expectedSeq) {
					return walk.broken(walk.expectedSeq, null,
							"entry missing (the next entry is #" + entry.seq() + "): deleted or reordered");
				}
				String problem = check(walk, entry);
				if (problem == null) {
					problem = checkpointProblem(bySeq.get(entry.seq()), entry);
				}
				if (problem != null) {
					return walk.broken(entry.seq(), entry.id(), problem);
				}
				walk.passed(entry);
			}
		}
		while (batch.size() == BATCH_SIZE);
		AuditRepository.Head head = this.entries.head();
		long last = walk.expectedSeq - 1;
		if (head.seq() != last || !head.hash().equals(walk.prevHash)) {
			return walk.broken(last + 1, null, "the chain head names entry #" + head.seq() + " but the table ends at #"
					+ last + ": entries were deleted from the end");
		}
		Optional<Checkpoint> beyond = checkpoints.stream()
			.filter((checkpoint) -> checkpoint.seq() > last)
			.max(Comparator.comparing(Checkpoint::seq));
		if (beyond.isPresent()) {
			return walk.broken(last + 1, null,
					"the checkpoint of " + beyond.get().time() + " names entry #" + beyond.get().seq()
							+ " but the chain ends at #" + last
							+ ": entries were cut from the end, or the table was replaced");
		}
		return walk.result(null, null, null);
	}

	private String check(Walk walk, AuditEntry entry) {
		if (!walk.prevHash.equals(entry.prevHash())) {
			return "prev_hash does not match the link of entry #" + (entry.seq() - 1) + ": reordered or replaced";
		}
		if (entry.format() == null) {
			return "no format: the entry was altered";
		}
		if (entry.format() == AuditChain.HASHED) {
			if (walk.keyed > 0) {
				return "a SHA-256 (format 1) link after keyed ones: rewritten without the MAC key";
			}
			return AuditChain.hash(walk.prevHash, entry).equals(entry.hash()) ? null
					: "hash does not match the content: the entry was edited";
		}
		if (entry.format() == AuditChain.KEYED) {
			Optional<MacKey> key = (entry.macKeyId() != null) ? this.macKeys.byId(entry.macKeyId()) : Optional.empty();
			if (key.isEmpty()) {
				return "its MAC key " + entry.macKeyId() + " does not exist: the entry was altered";
			}
			return AuditChain.macMatches(key.get(), walk.prevHash, entry) ? null
					: "MAC does not match the content: the entry was edited or forged";
		}
		return "unknown format " + entry.format() + ": the entry was altered";
	}

	private static String checkpointProblem(List<Checkpoint> checkpoints, AuditEntry entry) {
		if (checkpoints != null) {
			for (Checkpoint checkpoint : checkpoints) {
				if (!checkpoint.hash().equals(entry.hash())) {
					return "the checkpoint of " + checkpoint.time() + " has another link for entry #" + entry.seq()
							+ ": the chain was rewritten from there or before";
				}
			}
		}
		return null;
	}

	/** Where a walk along the chain has got to. */
	private final class Walk {

		long expectedSeq = 1;

		String prevHash = AuditChain.GENESIS;

		long checked;

		long keyed;

		final int checkpoints;

		final Checkpoint latest;

		Walk(int checkpoints, Checkpoint latest) {
			this.checkpoints = checkpoints;
			this.latest = latest;
		}

		void passed(AuditEntry entry) {
			this.prevHash = entry.hash();
			this.expectedSeq++;
			this.checked++;
			if (entry.format() == AuditChain.KEYED) {
				this.keyed++;
			}
		}

		Result broken(long seq, Long id, String problem) {
			return result(seq, id, problem);
		}

		Result result(Long seq, Long id, String problem) {
			return new Result(this.checked, this.keyed, ChainVerifier.this.entries.countUnsealed(), seq, id, problem,
					this.checkpoints, this.latest);
		}

	}

}
