package dev.coffer.server.audit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRetentionResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.S3Object;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.server.audit.AuditCheckpoints.Checkpoint;
import dev.coffer.server.support.ChildJvm;
import dev.coffer.server.support.S3Server;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Audit checkpoints written to an S3 bucket under Object Lock (S3Mock, a real S3-protocol
 * server in its own process), with the blobs on the local disk: every checkpoint is a
 * locked object whose content is its line, and {@code audit verify} reads the latest ones
 * back, so entries cut from the end of the chain are found with nothing but the database
 * and the bucket.
 */
class AuditCheckpointObjectsTest {

	static final String BUCKET = "coffer-audit-locked";

	static final String PASSWORD = "correct horse battery staple";

	static TestServer server;

	static S3Client s3;

	static Map<String, String> s3Settings;

	@BeforeAll
	static void start() {
		S3Server s3Server = S3Server.get();
		s3 = s3Server.client();
		if (s3.listBuckets().buckets().stream().noneMatch((bucket) -> bucket.name().equals(BUCKET))) {
			s3.createBucket((create) -> create.bucket(BUCKET).objectLockEnabledForBucket(true));
		}
		s3Settings = Map.of("COFFER_STORAGE_S3_ENDPOINT", s3Server.endpoint().toString(),
				"COFFER_STORAGE_S3_PATH_STYLE_ACCESS", "true", "COFFER_STORAGE_S3_ACCESS_KEY", S3Server.ACCESS_KEY,
				"COFFER_STORAGE_S3_SECRET_KEY", S3Server.SECRET_KEY, "COFFER_AUDIT_CHECKPOINT_S3_BUCKET", BUCKET);
		server = TestServer.start("coffer.storage.s3.endpoint=" + s3Server.endpoint(),
				"coffer.storage.s3.path-style-access=true", "coffer.storage.s3.access-key=" + S3Server.ACCESS_KEY,
				"coffer.storage.s3.secret-key=" + S3Server.SECRET_KEY, "coffer.audit.checkpoint-s3.bucket=" + BUCKET,
				"coffer.audit.checkpoint-s3.retention=30d");
		WebClient alice = server.client();
		alice.signUp("checkpointed", PASSWORD);
		for (int i = 0; i < 4; i++) {
			server.client().login("checkpointed", PASSWORD);
		}
		server.awaitAuditSealed();
	}

	@AfterAll
	static void stop() {
		server.stop();
		s3.close();
	}

	@Test
	void aCheckpoint_isALockedObjectHoldingTheChainHead_andVerifyFindsEntriesCutFromTheEndByIt() throws Exception {
		// S3 keeps a retention date to the millisecond.
		Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		server.bean(AuditCheckpoints.class).write(true);
		JdbcClient jdbc = server.bean(JdbcClient.class);
		long head = jdbc.sql("select last_seq from audit_chain").query(Long.class).single();
		String headHash = jdbc.sql("select last_hash from audit_chain").query(String.class).single();

		S3Object latest = s3.listObjectsV2((list) -> list.bucket(BUCKET).prefix("audit-checkpoints/"))
			.contents()
			.stream()
			.max((a, b) -> a.key().compareTo(b.key()))
			.orElseThrow();
		assertThat(latest.key()).matches("audit-checkpoints/\\d{4}-\\d\\d-\\d\\d/\\d{13}-" + head + "\\.txt");
		String content = s3.getObjectAsBytes((get) -> get.bucket(BUCKET).key(latest.key()))
			.asString(StandardCharsets.UTF_8);
		List<Checkpoint> parsed = AuditCheckpoints.parse(content);
		assertThat(parsed).singleElement().satisfies((checkpoint) -> {
			assertThat(checkpoint.seq()).isEqualTo(head);
			assertThat(checkpoint.hash()).isEqualTo(headHash);
		});
		GetObjectRetentionResponse retention = s3.getObjectRetention((get) -> get.bucket(BUCKET).key(latest.key()));
		assertThat(retention.retention().mode()).isEqualTo(ObjectLockRetentionMode.COMPLIANCE);
		assertThat(retention.retention().retainUntilDate()).isBetween(before.plus(Duration.ofDays(30)),
				Instant.now().plus(Duration.ofDays(30)).plusSeconds(1));

		ChildJvm.Result intact = ChildJvm.runWithEnvironment(server.dataDir(), s3Settings, null, "audit", "verify");
		assertThat(intact.exitCode()).as(intact.stderr()).isZero();
		assertThat(intact.stdout()).containsPattern("Checkpoints: \\d+ checked in \\[s3://" + BUCKET
				+ "/audit-checkpoints/\\]; the latest, of .*, names entry #" + head);

		// Entries cut from the end, the head moved back to match: only the checkpoint
		// outside the database tells.
		Map<String, Object> newLast = jdbc.sql("select id, hash from audit_events where seq = ?")
			.param(head - 2)
			.query()
			.singleRow();
		jdbc.sql("delete from audit_events where seq > ?").param(head - 2).update();
		jdbc.sql("update audit_chain set last_seq = ?, last_hash = ?, last_id = ?")
			.params(head - 2, newLast.get("HASH"), newLast.get("ID"))
			.update();
		assertThat(server.bean(ChainVerifier.class).verify().intact()).as("without a checkpoint").isTrue();

		ChildJvm.Result broken = ChildJvm.runWithEnvironment(server.dataDir(), s3Settings, null, "audit", "verify");

		assertThat(broken.exitCode()).as(broken.stdout()).isEqualTo(1);
		assertThat(broken.stderr()).contains("names entry #" + head, "entries were cut from the end");
	}

}
