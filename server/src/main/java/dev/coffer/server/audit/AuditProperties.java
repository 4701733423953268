package dev.coffer.server.audit;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Audit log settings, under {@code coffer.audit.*}.
 *
 * @param sealInterval how often the sealer looks for committed entries to chain
 * @param sealBatchSize how many entries it chains in one transaction at most
 * @param gapGrace how long the sealer waits for an order id that is missing (its
 * transaction has not committed, or never will) before it seals past it; a late entry is
 * still sealed when it appears
 * @param checkpointInterval how often each node writes the chain head (if it moved) to
 * its log and checkpoint file
 * @param checkpointFile a file each checkpoint is appended to (one line each), or null
 * for none; keep it outside the database's reach (another disk, a log shipper)
 */
@ConfigurationProperties("coffer.audit")
public record AuditProperties(@DefaultValue("500ms") Duration sealInterval, @DefaultValue("2000") int sealBatchSize,
		@DefaultValue("2s") Duration gapGrace, @DefaultValue("1m") Duration checkpointInterval, Path checkpointFile) {

	public AuditProperties {
		if (sealBatchSize < 1 || sealBatchSize > 100_000) {
			throw new IllegalArgumentException("coffer.audit.seal-batch-size must be 1 to 100000");
		}
		if (!sealInterval.isPositive() || !checkpointInterval.isPositive() || gapGrace.isNegative()) {
			throw new IllegalArgumentException(
					"coffer.audit.seal-interval and checkpoint-interval must be positive, gap-grace not negative");
		}
	}

}
