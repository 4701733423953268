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
 * @param checkpointS3 a bucket each checkpoint is written to as an object under Object
 * Lock, or none
 */
@ConfigurationProperties("coffer.audit")
public record AuditProperties(@DefaultValue("500ms") Duration sealInterval, @DefaultValue("2000") int sealBatchSize,
		@DefaultValue("2s") Duration gapGrace, @DefaultValue("1m") Duration checkpointInterval, Path checkpointFile,
		@DefaultValue CheckpointS3 checkpointS3) {

	/**
	 * Checkpoint objects in S3 ({@code coffer.audit.checkpoint-s3.*}), on the endpoint
	 * and with the credentials of {@code coffer.storage.s3.*} (whatever the storage
	 * type).
	 *
	 * @param bucket the bucket, made with Object Lock enabled; none: no objects
	 * @param prefix what the objects' keys start with
	 * @param lockMode {@code compliance} (nobody, not even the account's root, can delete
	 * or shorten it before the retention ends), {@code governance} (only with a special
	 * permission), or {@code none} (when the bucket's default retention applies, or for a
	 * store without Object Lock: then an object protects only as far as its bucket's
	 * permissions do)
	 * @param retention how long each object is locked
	 */
	public record CheckpointS3(String bucket, @DefaultValue("audit-checkpoints/") String prefix,
			@DefaultValue("compliance") LockMode lockMode, @DefaultValue("400d") Duration retention) {

		public boolean enabled() {
			return this.bucket != null && !this.bucket.isBlank();
		}

	}

	/** How checkpoint objects are locked. */
	public enum LockMode {

		COMPLIANCE, GOVERNANCE, NONE

	}

	public AuditProperties {
		if (sealBatchSize < 1 || sealBatchSize > 100_000) {
			throw new IllegalArgumentException("coffer.audit.seal-batch-size must be 1 to 100000");
		}
		if (!checkpointS3.retention().isPositive()) {
			throw new IllegalArgumentException("coffer.audit.checkpoint-s3.retention must be positive");
		}
		if (!sealInterval.isPositive() || !checkpointInterval.isPositive() || gapGrace.isNegative()) {
			throw new IllegalArgumentException(
					"coffer.audit.seal-interval and checkpoint-interval must be positive, gap-grace not negative");
		}
	}

}
