package dev.coffer.server.keys;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.coffer.server.support.ChildJvm;
import dev.coffer.server.support.ChildServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The re-wrap job survives a crash: the server (a child process) is killed with SIGKILL
 * in the middle of re-wrapping, started again, and the job carries on where it stopped
 * until no data key is left on the old master key. Small batches with a pause between
 * them leave time to kill it mid-job.
 */
class KeyRewrapCrashTest {

	static final int FILES = 30;

	static final Duration START_TIMEOUT = Duration.ofSeconds(120);

	/**
	 * The lease is short so that the restarted server (a new node) takes the job over
	 * soon.
	 */
	static final String[] SETTINGS = { "--coffer.keys.reload-interval=300ms", "--coffer.keys.rewrap-interval=300ms",
			"--coffer.keys.rewrap-batch-size=2", "--coffer.keys.rewrap-batch-pause=250ms",
			"--coffer.keys.rewrap-lease=2s" };

	@TempDir
	Path temp;

	private ChildServer server;

	@AfterEach
	void killServer() {
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	@Timeout(240)
	void killedMidRewrap_theRestartedServerResumes_andEveryFileStillDecrypts() throws Exception {
		Path dataDir = this.temp.resolve("data");
		this.server = ChildServer.start(dataDir, this.temp.resolve("server-1.log"), START_TIMEOUT, SETTINGS);
		String bearer = "Bearer " + apiToken(dataDir);
		Map<String, String> sha256ByName = new HashMap<>();
		Random random = new Random(4);
		for (int i = 0; i < FILES; i++) {
			byte[] content = new byte[1 + random.nextInt(50_000)];
			random.nextBytes(content);
			String name = "file-" + i;
			HttpResponse<String> upload = this.server.http()
				.send(this.server.request("/api/v1/files?name=" + name)
					.header("Authorization", bearer)
					.header("Content-Type", "application/octet-stream")
					.PUT(BodyPublishers.ofByteArray(content))
					.build(), BodyHandlers.ofString());
			assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
			sha256ByName.put(name, FileTraffic.sha256(content));
		}
		long oldKey = onlyKeyId(dataDir);

		ChildJvm.Result rotate = ChildJvm.runWithEnvironment(dataDir, Map.of("COFFER_KEYS_RELOAD_INTERVAL", "300ms"),
				null, "keys", "rotate");
		assertThat(rotate.exitCode()).as(rotate.stderr()).isZero();
		awaitSomeButNotAllRewrapped(dataDir, oldKey);
		assertThat(this.server.kill()).isEqualTo(ChildServer.KILLED_BY_SIGKILL);
		assertThat(dataKeysOn(dataDir, oldKey)).as("killed mid-job: some data keys re-wrapped, some not")
			.isBetween(1L, FILES - 4L);

		this.server = ChildServer.start(dataDir, this.temp.resolve("server-2.log"), START_TIMEOUT, SETTINGS);
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (dataKeysOn(dataDir, oldKey) > 0
				|| query(dataDir, "select count(*) from key_rotations where rewrap_completed_at is not null") == 0) {
			assertThat(System.nanoTime()).as("re-wrap did not finish after the restart:%n%s", this.server.logTail(40))
				.isLessThan(deadline);
			Thread.sleep(200);
		}
		assertThat(this.server.log()).contains("Every data key is now wrapped by master key");
		for (Map.Entry<String, String> file : sha256ByName.entrySet()) {
			HttpResponse<byte[]> download = this.server.http()
				.send(this.server
					.request("/api/v1/files/content?name=" + URLEncoder.encode(file.getKey(), StandardCharsets.UTF_8))
					.header("Authorization", bearer)
					.GET()
					.build(), BodyHandlers.ofByteArray());
			assertThat(download.statusCode()).isEqualTo(200);
			assertThat(FileTraffic.sha256(download.body())).as(file.getKey()).isEqualTo(file.getValue());
		}
	}

	private String apiToken(Path dataDir) throws IOException, InterruptedException {
		ChildJvm.Result user = ChildJvm.run(dataDir, "correct horse battery staple\n", "user", "add", "crash");
		assertThat(user.exitCode()).as(user.stderr()).isZero();
		ChildJvm.Result token = ChildJvm.run(dataDir, null, "token", "create", "crash");
		assertThat(token.exitCode()).as(token.stderr()).isZero();
		return token.stdout().strip().lines().reduce((first, second) -> second).orElseThrow();
	}

	/**
	 * Waits until the job is under way (a few batches done) and has not finished.
	 */
	private void awaitSomeButNotAllRewrapped(Path dataDir, long oldKey) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (true) {
			long left = dataKeysOn(dataDir, oldKey);
			assertThat(left).as("the re-wrap finished before the server could be killed").isPositive();
			if (left <= FILES - 4) {
				return;
			}
			assertThat(System.nanoTime()).as("the re-wrap did not start:%n%s", this.server.logTail(40))
				.isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	private static long onlyKeyId(Path dataDir) throws SQLException, IOException {
		return query(dataDir, "select min(kek_id) from file_versions having count(distinct kek_id) = 1");
	}

	private static long dataKeysOn(Path dataDir, long keyId) throws SQLException, IOException {
		return query(dataDir, "select count(*) from file_versions where kek_id = " + keyId);
	}

	private static long query(Path dataDir, String sql) throws SQLException, IOException {
		String password = Files.readString(dataDir.resolve("db/password"), StandardCharsets.US_ASCII).strip();
		try (Connection db = DriverManager
			.getConnection("jdbc:h2:file:" + dataDir.resolve("db/coffer") + ";AUTO_SERVER=TRUE", "coffer", password);
				Statement statement = db.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			assertThat(rows.next()).as(sql).isTrue();
			return rows.getLong(1);
		}
	}

}
