package dev.coffer.server.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.server.SecurityEvent;
import dev.coffer.server.SecurityEvent.Outcome;
import dev.coffer.server.support.Databases;
import dev.coffer.server.support.Databases.Engine;
import dev.coffer.server.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes on one database (on H2 the second opens the first one's file through H2's
 * auto-server mode), 32 threads recording events at once: every event is in the log
 * exactly once, the sealer (whichever node holds it) chains them all with no gap and no
 * duplicate in {@code seq}, and the chain verifies. {@value #EVENTS} events per engine,
 * as the issue asks ({@code -Dcoffer.test.audit-events=N} for another number).
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(Engine.class)
class AuditSealingOnDatabasesTest {

	static final int EVENTS = 50_000;

	static final int THREADS = 32;

	@Parameter
	Engine engine;

	static TestServer nodeA;

	static TestServer nodeB;

	@BeforeParameterizedClassInvocation
	static void startTwoNodes(Engine engine) {
		String[] database = Databases.fresh(engine).serverProperties();
		nodeA = TestServer.start(database);
		nodeB = TestServer.startIn(nodeA.dataDir(), database);
	}

	@AfterParameterizedClassInvocation
	static void stop() {
		if (nodeB != null) {
			nodeB.stop();
		}
		if (nodeA != null) {
			nodeA.stop();
		}
	}

	@Test
	@Timeout(900)
	void thirtyTwoThreadsOnTwoNodes_recordEveryEventOnce_sealedWithoutGapOrDuplicate_andTheChainVerifies()
			throws Exception {
		int events = Integer.getInteger("coffer.test.audit-events", EVENTS);
		// The first events % THREADS threads record one more, so the total is exact.
		int each = events / THREADS;
		int longer = events % THREADS;
		long started = System.nanoTime();
		try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				int thread = t;
				int count = each + ((t < longer) ? 1 : 0);
				AuditLog log = ((t % 2 == 0) ? nodeA : nodeB).bean(AuditLog.class);
				done.add(pool.submit(() -> {
					for (int i = 0; i < count; i++) {
						log.append(new SecurityEvent("load.event", "user" + thread, "10.0.0.1", null, Outcome.SUCCESS,
								"n-" + thread + "-" + i));
					}
				}));
			}
			for (Future<?> future : done) {
				future.get();
			}
		}
		Duration appending = Duration.ofNanos(System.nanoTime() - started);
		long appended = events;
		long sealStarted = System.nanoTime();
		AuditChainTest.sealAll(nodeA);
		Duration sealing = Duration.ofNanos(System.nanoTime() - sealStarted);
		System.out.printf(
				"%s: %d appends from %d threads on two nodes in %d ms (%.0f/s); sealed %d ms after the last%n",
				this.engine, appended, THREADS, appending.toMillis(), appended * 1000.0 / appending.toMillis(),
				sealing.toMillis());

		JdbcClient jdbc = nodeA.bean(JdbcClient.class);
		Map<String, Object> load = jdbc
			.sql("select count(*) as n, count(distinct details) as distinct_details from audit_events "
					+ "where action = 'load.event'")
			.query()
			.singleRow();
		assertThat(((Number) load.get("n")).longValue()).isEqualTo(appended);
		assertThat(((Number) load.get("distinct_details")).longValue()).isEqualTo(appended);
		Map<String, Object> chain = jdbc
			.sql("select count(*) as n, count(distinct seq) as seqs, min(seq) as first_seq, max(seq) as last_seq, "
					+ "count(distinct id) as ids from audit_events")
			.query()
			.singleRow();
		long total = ((Number) chain.get("n")).longValue();
		assertThat(((Number) chain.get("seqs")).longValue()).isEqualTo(total);
		assertThat(((Number) chain.get("ids")).longValue()).isEqualTo(total);
		assertThat(((Number) chain.get("first_seq")).longValue()).isEqualTo(1);
		assertThat(((Number) chain.get("last_seq")).longValue()).isEqualTo(total);

		ChainVerifier.Result result = nodeB.bean(ChainVerifier.class).verify();
		assertThat(result.intact()).as(result.problem()).isTrue();
		assertThat(result.entries()).isEqualTo(total);
		assertThat(result.keyed()).isEqualTo(total);
	}

	/**
	 * Outside a flood, an event is sealed within the seal interval (500 ms) plus one
	 * batch: measured over 20 events, one at a time, alternately on each node; asserted
	 * with room for a loaded test machine.
	 */
	@Test
	@Timeout(180)
	void anEventRecordedOnAQuietLog_isSealedWithinASecondOrSo() throws Exception {
		AuditChainTest.sealAll(nodeA);
		JdbcClient jdbc = nodeA.bean(JdbcClient.class);
		long longest = 0;
		for (int i = 0; i < 20; i++) {
			AuditEntry entry = ((i % 2 == 0) ? nodeA : nodeB).bean(AuditLog.class)
				.append(new SecurityEvent("quiet.event", "user", null, null, Outcome.SUCCESS, null));
			long recorded = System.nanoTime();
			while (jdbc.sql("select seq from audit_events where id = ?")
				.param(entry.id())
				.query(Long.class)
				.optional()
				.isEmpty()) {
				Thread.sleep(10);
			}
			longest = Math.max(longest, (System.nanoTime() - recorded) / 1_000_000);
		}
		System.out.printf("%s: longest sealing delay of 20 single events: %d ms%n", this.engine, longest);
		assertThat(longest).isLessThan(5000);
	}

	@Test
	@Timeout(120)
	void aSignalRaisedAtOnceOnBothNodes_isRecordedOnce() throws Exception {
		SecurityEvent signal = new SecurityEvent(AuditLog.INTRUSION_SUSPECTED, null, null,
				"address:192.0.2." + this.engine.ordinal(), Outcome.DENIED, "possible enumeration");
		List<Future<Boolean>> raised = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
			for (int t = 0; t < 16; t++) {
				AuditLog log = ((t % 2 == 0) ? nodeA : nodeB).bean(AuditLog.class);
				raised.add(pool.submit(() -> log.appendOncePerWindow(signal, Duration.ofMinutes(10))));
			}
			int recorded = 0;
			for (Future<Boolean> future : raised) {
				recorded += future.get() ? 1 : 0;
			}
			assertThat(recorded).isEqualTo(1);
		}
		assertThat(nodeA.bean(JdbcClient.class)
			.sql("select count(*) from audit_events where action = ? and target = ?")
			.params(signal.action(), signal.target())
			.query(Long.class)
			.single()).isEqualTo(1);
	}

}
