package dev.coffer.server.audit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

import org.springframework.stereotype.Component;

import dev.coffer.server.CofferProperties;
import dev.coffer.server.audit.AuditCheckpoints.Checkpoint;
import dev.coffer.server.audit.AuditProperties.CheckpointS3;
import dev.coffer.server.audit.AuditProperties.LockMode;
import dev.coffer.server.storage.StorageConfiguration;

/**
 * Checkpoints as objects in an S3 bucket under Object Lock
 * ({@code coffer.audit.checkpoint-s3.*}): one small object per checkpoint, whose content
 * is the checkpoint's line, locked for the retention in compliance mode by default, so
 * that someone who can write the database, and even the S3 account, cannot remove or
 * change them before it ends. Keys are
 * {@code <prefix><yyyy-MM-dd>/<epoch millis, 13 digits>-<seq>.txt}: in time order within
 * a day, and the latest days found by listing the day prefixes.
 * <p>
 * The client is made on first use, so a node or an operator command that writes or reads
 * none connects to nothing.
 */
@Component
class CheckpointObjects implements AutoCloseable {

	private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

	/** The longest a checkpoint's write may hold up the sealer's thread. */
	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final CheckpointS3 settings;

	private final CofferProperties.Storage.S3 connection;

	private S3Client client;

	CheckpointObjects(AuditProperties properties, CofferProperties coffer) {
		this.settings = properties.checkpointS3();
		this.connection = coffer.storage().s3();
	}

	boolean enabled() {
		return this.settings.enabled();
	}

	/** Where the objects are, for messages: {@code s3://bucket/prefix}. */
	String location() {
		return "s3://" + this.settings.bucket() + "/" + this.settings.prefix();
	}

	/**
	 * Writes one checkpoint as a new, locked object. The lock goes with the PUT, so the
	 * object is never unlocked on a store that takes it there (AWS S3), and is set again
	 * with PutObjectRetention (the same mode and date, which S3 documents as allowed even
	 * in compliance mode) for stores that take it only that way (S3Mock ignores the
	 * headers of the PUT).
	 */
	void write(Checkpoint checkpoint) {
		String key = keyOf(checkpoint);
		PutObjectRequest.Builder put = PutObjectRequest.builder()
			.bucket(this.settings.bucket())
			.key(key)
			.contentType("text/plain; charset=utf-8")
			// S3 requires a checksum of an object put with a lock.
			.checksumAlgorithm(ChecksumAlgorithm.SHA256)
			.overrideConfiguration((config) -> config.apiCallTimeout(TIMEOUT));
		Instant until = checkpoint.time().plus(this.settings.retention());
		if (this.settings.lockMode() != LockMode.NONE) {
			put.objectLockMode((this.settings.lockMode() == LockMode.COMPLIANCE) ? ObjectLockMode.COMPLIANCE
					: ObjectLockMode.GOVERNANCE)
				.objectLockRetainUntilDate(until);
		}
		client().putObject(put.build(), RequestBody.fromString(checkpoint.line() + "\n", StandardCharsets.UTF_8));
		if (this.settings.lockMode() != LockMode.NONE) {
			client().putObjectRetention((retention) -> retention.bucket(this.settings.bucket())
				.key(key)
				.retention((lock) -> lock.mode((this.settings.lockMode() == LockMode.COMPLIANCE)
						? ObjectLockRetentionMode.COMPLIANCE : ObjectLockRetentionMode.GOVERNANCE)
					.retainUntilDate(until))
				.overrideConfiguration((config) -> config.apiCallTimeout(TIMEOUT)));
		}
	}

	/**
	 * The latest checkpoints, at most {@code max}, from the last two days that have any
	 * (two, so that a check just after midnight still finds the day before's).
	 */
	List<Checkpoint> latest(int max) {
		List<String> days = new ArrayList<>();
		String token = null;
		do {
			ListObjectsV2Response page = client().listObjectsV2(ListObjectsV2Request.builder()
				.bucket(this.settings.bucket())
				.prefix(this.settings.prefix())
				.delimiter("/")
				.continuationToken(token)
				.build());
			page.commonPrefixes().stream().map(CommonPrefix::prefix).forEach(days::add);
			token = page.nextContinuationToken();
		}
		while (token != null);
		days.sort(Comparator.naturalOrder());
		List<String> keys = new ArrayList<>();
		for (String day : days.subList(Math.max(0, days.size() - 2), days.size())) {
			String dayToken = null;
			do {
				ListObjectsV2Response page = client().listObjectsV2(ListObjectsV2Request.builder()
					.bucket(this.settings.bucket())
					.prefix(day)
					.continuationToken(dayToken)
					.build());
				page.contents().stream().map(S3Object::key).forEach(keys::add);
				dayToken = page.nextContinuationToken();
			}
			while (dayToken != null);
		}
		keys.sort(Comparator.naturalOrder());
		List<Checkpoint> checkpoints = new ArrayList<>();
		for (String key : keys.subList(Math.max(0, keys.size() - max), keys.size())) {
			String content = client().getObjectAsBytes((get) -> get.bucket(this.settings.bucket()).key(key))
				.asString(StandardCharsets.UTF_8);
			checkpoints.addAll(AuditCheckpoints.parse(content));
		}
		return checkpoints;
	}

	private String keyOf(Checkpoint checkpoint) {
		return this.settings.prefix() + DAY.format(checkpoint.time()) + "/"
				+ String.format("%013d-%d.txt", checkpoint.time().toEpochMilli(), checkpoint.seq());
	}

	private synchronized S3Client client() {
		if (this.client == null) {
			this.client = StorageConfiguration.s3Client(this.connection);
		}
		return this.client;
	}

	/** Closes the client, if one was made. */
	@Override
	public synchronized void close() {
		if (this.client != null) {
			this.client.close();
			this.client = null;
		}
	}

}
