package dev.coffer.server.database;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.coffer.server.support.ChildServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upload/delete churn on the embedded H2 database, measured: the file grows while the
 * server runs (H2 appends every commit and reuses space only later), and after the server
 * is stopped as a service manager stops it (SIGTERM) it is no larger than what its live
 * rows need, found by fully compacting a copy of it; the stop itself logs no warning or
 * error, and leaves no audit entry unsealed (the server closes in order before the JVM
 * exits, so H2's own shutdown hook never closes the database under its feet).
 */
class EmbeddedDatabaseSizeTest {

	static final String PASSWORD = "correct horse battery staple";

	static final int CYCLES = 300;

	@TempDir
	Path temp;

	@Test
	@Timeout(300)
	void databaseFile_afterUploadDeleteChurn_isCompactedToItsLiveRowsAtStop() throws Exception {
		Path dataDir = this.temp.resolve("data");
		Path file = dataDir.resolve("db/coffer.mv.db");
		long baseline;
		long afterChurn;
		int logLinesBeforeStop;
		// Churn of deletes that free their rows at once, not a trash that keeps them.
		try (ChildServer server = ChildServer.start(dataDir, this.temp.resolve("server.log"), Duration.ofMinutes(2),
				"--coffer.files.trash-retention=0")) {
			WebClient alice = new WebClient(server.baseUrl(), dataDir.resolve("tls/certificate.pem"));
			alice.signUp("alice", PASSWORD);
			alice.login("alice", PASSWORD);
			String csrf = alice.csrfToken();
			baseline = Files.size(file);
			long started = System.nanoTime();
			for (int i = 0; i < CYCLES; i++) {
				String id = upload(alice, csrf, "churn-" + i + ".txt");
				HttpResponse<String> delete = alice
					.send(alice.request("/api/v1/files/" + id).header("X-CSRF-TOKEN", csrf).DELETE().build());
				assertThat(delete.statusCode()).isEqualTo(204);
			}
			afterChurn = Files.size(file);
			System.out.printf("churn of %d uploads+deletes took %d s%n", CYCLES,
					(System.nanoTime() - started) / 1_000_000_000);
			logLinesBeforeStop = (int) server.log().lines().count();
			server.stop();
			List<String> shutdown = server.log().lines().skip(logLinesBeforeStop).toList();
			assertThat(shutdown).as("what the server logged while stopping")
				.noneMatch((line) -> line.contains(" WARN ") || line.contains(" ERROR ") || line.contains("Exception"));
		}
		long afterStop = Files.size(file);
		long live = compactedCopySize(dataDir.resolve("db"));
		System.out.printf("H2 file: baseline %d, after churn %d, after stop %d, live rows (compacted copy) %d bytes%n",
				baseline, afterChurn, afterStop, live);
		assertThat(afterChurn).as("the churn makes the running file grow").isGreaterThan(2 * live);
		assertThat(afterStop).as("after a stop the file holds little more than its live rows")
			.isLessThanOrEqualTo(live + live / 4 + 64 * 1024);
	}

	/**
	 * The audit sealer and the database probe touching the database every millisecond, so
	 * that one of them is at work whenever the stop begins: it must log no warning or
	 * error, several times over (H2 used to close the database from its own shutdown
	 * hook, alongside Spring's, under the jobs' feet), and the sealer's last seal at the
	 * stop leaves no audit entry unsealed.
	 */
	@Test
	@Timeout(300)
	void stop_whileBackgroundJobsUseTheDatabase_logsNoWarning() throws Exception {
		Path dataDir = this.temp.resolve("busy");
		for (int round = 0; round < 3; round++) {
			try (ChildServer server = ChildServer.start(dataDir, this.temp.resolve("busy-" + round + ".log"),
					Duration.ofMinutes(2), "--coffer.audit.seal-interval=1ms",
					"--coffer.database.probe-interval=1ms")) {
				WebClient client = new WebClient(server.baseUrl(), dataDir.resolve("tls/certificate.pem"));
				client.signUp("user" + round, PASSWORD);
				int logLinesBeforeStop = (int) server.log().lines().count();
				server.stop();
				List<String> shutdown = server.log().lines().skip(logLinesBeforeStop).toList();
				assertThat(shutdown).as("what the server logged while stopping, round %d", round)
					.noneMatch((line) -> line.contains(" WARN ") || line.contains(" ERROR ")
							|| line.contains("Exception") || line.contains("closed before the last seal"));
				assertThat(shutdown).as("a last checkpoint, round %d", round)
					.anyMatch((line) -> line.contains(" INFO ") && line.contains("Audit checkpoint "));
				assertThat(unsealedAuditEntries(dataDir.resolve("db"))).as("unsealed after round %d", round).isZero();
			}
		}
	}

	private static String upload(WebClient client, String csrf, String name) {
		HttpResponse<String> response = client.send(client.request("/api/v1/files?name=" + name)
			.header("Accept", "application/json")
			.header("X-CSRF-TOKEN", csrf)
			.header("Content-Type", "application/octet-stream")
			.PUT(BodyPublishers.ofString("churn " + name))
			.build());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(response.body());
		assertThat(id.find()).isTrue();
		return id.group(1);
	}

	private static long unsealedAuditEntries(Path dbDir) throws Exception {
		String password = Files.readString(dbDir.resolve("password"), StandardCharsets.US_ASCII).strip();
		try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + dbDir.resolve("coffer"), "coffer",
				password); Statement statement = connection.createStatement()) {
			ResultSet count = statement.executeQuery("select count(*) from audit_events where seq is null");
			count.next();
			return count.getLong(1);
		}
	}

	/** The size of a copy of the database after H2's full compaction. */
	private static long compactedCopySize(Path dbDir) throws Exception {
		Path copyDir = Files.createTempDirectory("coffer-db-copy-");
		Files.copy(dbDir.resolve("coffer.mv.db"), copyDir.resolve("coffer.mv.db"));
		String password = Files.readString(dbDir.resolve("password"), StandardCharsets.US_ASCII).strip();
		try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + copyDir.resolve("coffer"), "coffer",
				password); Statement statement = connection.createStatement()) {
			statement.execute("SHUTDOWN COMPACT");
		}
		return Files.size(copyDir.resolve("coffer.mv.db"));
	}

}
