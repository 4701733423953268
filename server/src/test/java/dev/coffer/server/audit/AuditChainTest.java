package dev.coffer.server.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.crypto.CryptoException;
import dev.coffer.crypto.MacKey;
import dev.coffer.crypto.WrappedDataKey;
import dev.coffer.server.SecurityEvent;
import dev.coffer.server.SecurityEvent.Outcome;
import dev.coffer.server.keys.MasterKeys;
import dev.coffer.server.support.ChildJvm;
import dev.coffer.server.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The keyed chain: appends from many threads are sealed into one gapless chain, and
 * {@code audit verify} finds an edited, a deleted, a reordered entry, entries cut from
 * the end and a table rewritten with recomputed SHA-256 links (the last two with a
 * checkpoint), naming the first broken one. Each tampering test puts the rows back
 * afterwards.
 */
class AuditChainTest {

	static TestServer server;

	static JdbcClient jdbc;

	static Path checkpoints;

	static List<Map<String, Object>> original;

	static Map<String, Object> originalHead;

	@BeforeAll
	static void start() throws Exception {
		checkpoints = Files.createTempDirectory("coffer-checkpoints-").resolve("audit-checkpoints.log");
		server = TestServer.start("coffer.audit.checkpoint-file=" + checkpoints);
		server.client().signUp("root", "correct horse battery staple");
		jdbc = server.bean(JdbcClient.class);
		appendConcurrently(server.bean(AuditLog.class), 8, 40);
		sealAll(server);
		server.bean(AuditCheckpoints.class).write(true);
		original = jdbc.sql("select * from audit_events order by id").query().listOfRows();
		originalHead = jdbc.sql("select * from audit_chain").query().singleRow();
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@AfterEach
	void restore() {
		jdbc.sql("delete from audit_events").update();
		for (Map<String, Object> row : original) {
			jdbc.sql("insert into audit_events (id, seq, occurred_at, actor, client_address, action, target, outcome, "
					+ "details, prev_hash, hash, format, mac_key_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
				.params(row.get("ID"), row.get("SEQ"), row.get("OCCURRED_AT"), row.get("ACTOR"),
						row.get("CLIENT_ADDRESS"), row.get("ACTION"), row.get("TARGET"), row.get("OUTCOME"),
						row.get("DETAILS"), row.get("PREV_HASH"), row.get("HASH"), row.get("FORMAT"),
						row.get("MAC_KEY_ID"))
				.update();
		}
		jdbc.sql("update audit_chain set last_seq = ?, last_hash = ?, last_id = ?")
			.params(originalHead.get("LAST_SEQ"), originalHead.get("LAST_HASH"), originalHead.get("LAST_ID"))
			.update();
		assertThat(verify().intact()).isTrue();
	}

	static void appendConcurrently(AuditLog log, int threads, int each) throws Exception {
		try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				done.add(pool.submit(() -> {
					for (int i = 0; i < each; i++) {
						log.append(new SecurityEvent("test.event", "user" + thread, "10.0.0." + thread, "item:" + i,
								Outcome.SUCCESS, (i % 3 == 0) ? null : "detail ∑ " + i));
					}
				}));
			}
			for (Future<?> future : done) {
				future.get();
			}
		}
	}

	/**
	 * Waits until the sealer (which runs every 500 ms) has sealed everything: generously,
	 * since after a flood on a loaded test machine the backlog takes seconds.
	 */
	static void sealAll(TestServer node) throws InterruptedException {
		AuditRepository entries = node.bean(AuditRepository.class);
		long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
		while (entries.countUnsealed() > 0) {
			assertThat(System.nanoTime()).as("everything sealed within 180 s").isLessThan(deadline);
			Thread.sleep(100);
		}
	}

	@Test
	void concurrentAppends_areSealedIntoOneGaplessKeyedChain_thatVerifies() {
		List<Map<String, Object>> rows = jdbc.sql("select id, seq, format from audit_events order by seq")
			.query()
			.listOfRows();
		assertThat(rows.size()).isGreaterThanOrEqualTo(8 * 40);
		for (int i = 0; i < rows.size(); i++) {
			assertThat(rows.get(i).get("SEQ")).isEqualTo(i + 1L);
			assertThat(rows.get(i).get("FORMAT")).isEqualTo(AuditChain.KEYED);
		}
		ChainVerifier.Result result = verify();
		assertThat(result.intact()).as(result.problem()).isTrue();
		assertThat(result.entries()).isEqualTo(rows.size());
		assertThat(result.keyed()).isEqualTo(rows.size());
		assertThat(result.checkpoints()).isPositive();
		assertThat(result.latestCheckpoint().seq()).isEqualTo(rows.size());
	}

	@Test
	void aLinkIsAnHmac_underAKeyOnlyTheMasterKeyRingUnwraps() throws Exception {
		Map<String, Object> key = jdbc.sql("select * from audit_mac_keys").query().singleRow();
		assertThat(key.get("WRAPPED_KEY").toString()).hasSizeGreaterThan(40);
		AuditEntry first = server.bean(AuditRepository.class).bySeq(1).get(0);
		assertThat(first.macKeyId()).isEqualTo(key.get("ID"));
		// Recomputing the link the unkeyed way (what an attacker with the database can
		// do) does not give the stored link: neither as format 1 nor as a SHA-256 of the
		// format-2 canonical form.
		AuditEntry asHashed = new AuditEntry(first.id(), first.seq(), first.time(), first.actor(),
				first.clientAddress(), first.action(), first.target(), first.outcome(), first.details(),
				first.prevHash(), first.hash(), AuditChain.HASHED, null);
		assertThat(AuditChain.hash(first.prevHash(), asHashed)).isNotEqualTo(first.hash());
		MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
		sha256.update(HexFormat.of().parseHex(first.prevHash()));
		assertThat(HexFormat.of().formatHex(sha256.digest(AuditChain.canonicalKeyed(first))))
			.isNotEqualTo(first.hash());
		// The stored link is the HMAC under the key that the master key ring unwraps from
		// the row, bound to the row's id.
		WrappedDataKey wrapped = new WrappedDataKey(Base64.getDecoder().decode((String) key.get("WRAPPED_KEY")),
				(int) ((Number) key.get("MASTER_KEY_ID")).longValue());
		MasterKeys masterKeys = server.bean(MasterKeys.class);
		MacKey macKey = masterKeys.unwrapMacKey(wrapped, AuditMacKeys.boundId(first.macKeyId()));
		assertThat(AuditChain.mac(macKey, first.prevHash(), first)).isEqualTo(first.hash());
		assertThatThrownBy(() -> masterKeys.unwrapMacKey(wrapped, AuditMacKeys.boundId("another-id")))
			.isInstanceOf(CryptoException.class);
	}

	@Test
	void verifyCommand_inAnotherProcess_saysIntactWithCheckpoints_thenNamesAnEditedEntry() throws Exception {
		ChildJvm.Result intact = ChildJvm.run(server.dataDir(), null, "audit", "verify",
				"--checkpoints=" + checkpoints);
		assertThat(intact.exitCode()).as(intact.stderr()).isZero();
		assertThat(intact.stdout()).containsPattern("^\\d+ entries, chain intact \\(0 with SHA-256 links")
			.containsPattern(
					"Checkpoints: \\d+ checked in \\[.*audit-checkpoints.log\\]; the latest, of .*, names entry #\\d+");

		long id = idOf(100);
		jdbc.sql("update audit_events set actor = 'someone-else' where seq = 100").update();
		ChildJvm.Result broken = ChildJvm.run(server.dataDir(), null, "audit", "verify");
		assertThat(broken.exitCode()).isEqualTo(1);
		assertThat(broken.stderr()).contains("Chain broken at entry #100 (id " + id + "): MAC does not match")
			.doesNotContain("Exception");
	}

	@Test
	void verifyCommand_whoseConfiguredCheckpointFileIsGone_failsSayingSo() throws Exception {
		Path gone = checkpoints.resolveSibling("deleted-checkpoints.log");

		ChildJvm.Result result = ChildJvm.runWithEnvironment(server.dataDir(),
				Map.of("COFFER_AUDIT_CHECKPOINT_FILE", gone.toString()), null, "audit", "verify");

		assertThat(result.exitCode()).as(result.stdout()).isEqualTo(2);
		assertThat(result.stderr())
			.contains("The checkpoint file " + gone + " (coffer.audit.checkpoint-file) does "
					+ "not exist: it was moved or deleted")
			.doesNotContain("Exception");
	}

	@Test
	void verify_findsAnEditedTime_aDetailThatWentNull_andAMovedOrderId() {
		jdbc.sql("update audit_events set occurred_at = occurred_at + 1 where seq = 57").update();
		assertBrokenAt(57, "MAC does not match");
		restore();
		jdbc.sql("update audit_events set details = null where seq = 58").update();
		jdbc.sql("update audit_events set details = 'x' where seq = 58 and details is null").update();
		assertBrokenAt(58, "MAC does not match");
		restore();
		// The two lines above end with details = 'x' whatever seq 58 held: a detail that
		// went null, and a null one that became empty, are checked on entries that had
		// one and had none.
		long withDetails = jdbc.sql("select min(seq) from audit_events where details is not null")
			.query(Long.class)
			.single();
		jdbc.sql("update audit_events set details = null where seq = ?").param(withDetails).update();
		assertBrokenAt(withDetails, "MAC does not match");
		restore();
		long withoutDetails = jdbc.sql("select min(seq) from audit_events where details is null")
			.query(Long.class)
			.single();
		jdbc.sql("update audit_events set details = '' where seq = ?").param(withoutDetails).update();
		assertBrokenAt(withoutDetails, "MAC does not match");
		restore();
		jdbc.sql("update audit_events set id = id + 100000 where seq = 59").update();
		assertBrokenAt(59, "MAC does not match");
	}

	@Test
	void verify_findsADeletedEntry() {
		jdbc.sql("delete from audit_events where seq = 42").update();
		assertBrokenAt(42, "entry missing");
	}

	@Test
	void verify_findsTwoSwappedEntries_atTheFirstOfThem() {
		jdbc.sql("update audit_events set seq = -1 where seq = 30").update();
		jdbc.sql("update audit_events set seq = 30 where seq = 31").update();
		jdbc.sql("update audit_events set seq = 31 where seq = -1").update();
		assertBrokenAt(30, "prev_hash does not match");
	}

	@Test
	void verify_findsEntriesCutFromTheEnd_andWithTheHeadMovedBack_onlyByTheCheckpoint() {
		long last = jdbc.sql("select max(seq) from audit_events").query(Long.class).single();
		jdbc.sql("delete from audit_events where seq > ?").param(last - 3).update();
		assertBrokenAt(last - 2, "entries were deleted from the end");

		Map<String, Object> newLast = jdbc.sql("select id, hash from audit_events where seq = ?")
			.param(last - 3)
			.query()
			.singleRow();
		jdbc.sql("update audit_chain set last_seq = ?, last_hash = ?, last_id = ?")
			.params(last - 3, newLast.get("HASH"), newLast.get("ID"))
			.update();
		assertThat(server.bean(ChainVerifier.class).verify().intact()).as("without a checkpoint").isTrue();
		ChainVerifier.Result result = verify();
		assertThat(result.brokenAt()).isEqualTo(last - 2);
		assertThat(result.problem()).contains("names entry #" + last, "entries were cut from the end");
	}

	@Test
	void verify_findsTheWholeTableRewrittenWithRecomputedSha256Links_byTheCheckpoint() {
		List<AuditEntry> chain = server.bean(AuditRepository.class).batchAfter(0, 100_000);
		String prev = AuditChain.GENESIS;
		for (AuditEntry entry : chain) {
			AuditEntry forged = new AuditEntry(entry.id(), entry.seq(), entry.time(), entry.actor(),
					entry.clientAddress(), entry.action(), entry.target(), entry.outcome(), entry.details(), prev, null,
					AuditChain.HASHED, null);
			String hash = AuditChain.hash(prev, forged);
			jdbc.sql("update audit_events set prev_hash = ?, hash = ?, format = 1, mac_key_id = null where id = ?")
				.params(prev, hash, entry.id())
				.update();
			prev = hash;
		}
		jdbc.sql("update audit_chain set last_hash = ?").param(prev).update();
		assertThat(server.bean(ChainVerifier.class).verify().intact()).as("without a checkpoint").isTrue();
		long checkpointed = AuditCheckpoints.read(checkpoints).get(0).seq();
		ChainVerifier.Result result = verify();
		assertThat(result.brokenAt()).isEqualTo(checkpointed);
		assertThat(result.problem()).contains("has another link for entry #" + checkpointed);
	}

	@Test
	void verify_findsSha256LinksAfterKeyedOnes() {
		AuditEntry entry = server.bean(AuditRepository.class).bySeq(77).get(0);
		AuditEntry forged = new AuditEntry(entry.id(), entry.seq(), entry.time(), "mallory", entry.clientAddress(),
				entry.action(), entry.target(), entry.outcome(), entry.details(), entry.prevHash(), null,
				AuditChain.HASHED, null);
		jdbc.sql("update audit_events set actor = 'mallory', hash = ?, format = 1, mac_key_id = null where seq = 77")
			.param(AuditChain.hash(entry.prevHash(), forged))
			.update();
		assertBrokenAt(77, "a SHA-256 (format 1) link after keyed ones");
	}

	@Test
	void aMissingOrderId_holdsSealingForTheGapGrace_andAnEntryThatCommitsLater_isSealedToo() throws Exception {
		long lastId = jdbc.sql("select last_id from audit_chain").query(Long.class).single();
		long after = lastId + 1_000_000;
		// Order ids lastId + 1 .. after + 1 are missing, as if their transactions were
		// still in flight.
		insertUnsealed(after + 2, "after.gap");
		Thread.sleep(1000);
		assertThat(sealedSeq(after + 2)).as("sealed before the gap grace (2 s) was over").isNull();
		awaitSealed(after + 2);

		insertUnsealed(after + 1, "late.entry");
		awaitSealed(after + 1);
		assertThat(sealedSeq(after + 1)).isGreaterThan(sealedSeq(after + 2));
		ChainVerifier.Result result = server.bean(ChainVerifier.class).verify();
		assertThat(result.intact()).as(result.problem()).isTrue();
		assertThat(result.unsealed()).isZero();
	}

	private static void insertUnsealed(long id, String action) {
		jdbc.sql("insert into audit_events (id, occurred_at, action, outcome) values (?, ?, ?, 'SUCCESS')")
			.params(id, System.currentTimeMillis(), action)
			.update();
	}

	private static Long sealedSeq(long id) {
		return jdbc.sql("select seq from audit_events where id = ?")
			.param(id)
			.query(Long.class)
			.optional()
			.orElse(null);
	}

	private static void awaitSealed(long id) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (sealedSeq(id) == null) {
			assertThat(System.nanoTime()).as("entry %d sealed within 30 s", id).isLessThan(deadline);
			Thread.sleep(100);
		}
	}

	@Test
	void canonicalForm_tellsNullFromEmpty_andCannotBeShiftedBetweenFields() {
		Instant time = Instant.ofEpochMilli(1_700_000_000_000L);
		AuditEntry a = entry(time, "ab", "c", null);
		AuditEntry b = entry(time, "a", "bc", null);
		AuditEntry c = entry(time, "ab", "c", "");
		assertThat(AuditChain.hash(AuditChain.GENESIS, a)).isNotEqualTo(AuditChain.hash(AuditChain.GENESIS, b))
			.isNotEqualTo(AuditChain.hash(AuditChain.GENESIS, c));
		assertThat(AuditChain.canonicalKeyed(a)).isNotEqualTo(AuditChain.canonicalKeyed(b))
			.isNotEqualTo(AuditChain.canonicalKeyed(c));
		// A known answer (computed independently from the documented layout): the
		// canonical form must never change silently, or old chains would stop verifying.
		assertThat(AuditChain.hash(AuditChain.GENESIS, a)).isEqualTo(KNOWN_HASH);
		assertThat(HexFormat.of().formatHex(AuditChain.canonicalKeyed(a))).isEqualTo(KNOWN_CANONICAL_V2);
	}

	static final String KNOWN_HASH = "e4d8784a9efaac2dbd05ea43acd57974b5eaa66e11035b2c052621e0916af5d7";

	/** "coffer/audit/v2", seq 1, id 7, time, then ab, c, x, null, SUCCESS, null. */
	static final String KNOWN_CANONICAL_V2 = "636f666665722f61756469742f7632" + "0000000000000001" + "0000000000000007"
			+ "0000018bcfe56800" + "010000000261620100000001630100000001780001000000075355434345535300";

	private static AuditEntry entry(Instant time, String actor, String address, String target) {
		return new AuditEntry(7, 1L, time, actor, address, "x", target, "SUCCESS", null, AuditChain.GENESIS, null, null,
				null);
	}

	private static ChainVerifier.Result verify() {
		return server.bean(ChainVerifier.class).verify(AuditCheckpoints.read(checkpoints));
	}

	private static long idOf(long seq) {
		return jdbc.sql("select id from audit_events where seq = ?").param(seq).query(Long.class).single();
	}

	private static void assertBrokenAt(long seq, String problem) {
		ChainVerifier.Result result = verify();
		assertThat(result.problem()).contains(problem);
		assertThat(result.brokenAt()).isEqualTo(seq);
		assertThat(result.entries()).isEqualTo(seq - 1);
	}

}
