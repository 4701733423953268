package dev.coffer.server.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.server.SecurityEvent;
import dev.coffer.server.SecurityEvent.Outcome;
import dev.coffer.server.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The append rate that docs/PERFORMANCE.md records: 4,800 events recorded from 32 threads
 * on one node with the embedded H2 database. Every append is committed when it returns:
 * all of them are in the table at the end, written in fewer transactions than entries.
 */
class AuditAppendRateTest {

	static final int THREADS = 32;

	static final int EACH = 150;

	@Test
	void thirtyTwoThreads_append4800Events_allCommittedWhenTheyReturn() throws Exception {
		try (TestServer server = TestServer.start()) {
			AuditLog log = server.bean(AuditLog.class);
			long started = System.nanoTime();
			try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
				List<Future<?>> done = new ArrayList<>();
				for (int t = 0; t < THREADS; t++) {
					int thread = t;
					done.add(pool.submit(() -> {
						for (int i = 0; i < EACH; i++) {
							log.append(new SecurityEvent("rate.event", "user" + thread, "10.0.0.1", "item:" + i,
									Outcome.SUCCESS, null));
						}
					}));
				}
				for (Future<?> future : done) {
					future.get();
				}
			}
			long millis = (System.nanoTime() - started) / 1_000_000;
			long transactions = log.groupCommits();
			System.out.printf(
					"AuditAppendRateTest: %d appends from %d threads on H2 in %d ms (%.0f/s), %d transactions%n",
					THREADS * EACH, THREADS, millis, THREADS * EACH * 1000.0 / millis, transactions);
			// Appends that meet share a commit (GroupCommit): with 32 threads at once,
			// some always do.
			assertThat(transactions).isLessThan(THREADS * EACH);
			assertThat(server.bean(JdbcClient.class)
				.sql("select count(*) from audit_events where action = 'rate.event'")
				.query(Long.class)
				.single()).isEqualTo(THREADS * EACH);
		}
	}

}
