package dev.coffer.server.database;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.coffer.server.support.SmallFileSystem;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded database on a disk that fills up and is then freed: a real tmpfs as the
 * data directory, filled by a file. While the database cannot be written, readiness is
 * DOWN and requests are answered with 503, never 500; once space is back the same server
 * process serves sign-in, listing and downloads again, without a restart.
 */
class DatabaseDiskFullTest {

	static final String PASSWORD = "correct horse battery staple";

	static final String CONTENT = "written before the disk filled up";

	@Test
	void fullDisk_makesReadinessDown_andRequests503_thenTheSameServerRecoversOnceSpaceIsFreed() throws Exception {
		try (SmallFileSystem disk = SmallFileSystem.mount(64)) {
			TestServer server = TestServer.startIn(disk.root().resolve("data"), "coffer.database.probe-interval=1s");
			try {
				WebClient alice = server.client();
				alice.signUp("alice", PASSWORD);
				alice.login("alice", PASSWORD);
				String id = upload(alice, "kept.txt");
				assertThat(alice.get("/actuator/health/readiness").statusCode()).isEqualTo(200);

				disk.fill();
				// Sign-ins write sessions and audit events: sooner or later the database
				// needs a byte more than the disk has.
				List<Integer> statuses = new ArrayList<>();
				for (int round = 0; round < 60 && !statuses.contains(503); round++) {
					statuses.addAll(signInAttempt(server.client()));
					statuses.add(alice.get("/api/v1/files", "Accept", "application/json").statusCode());
				}
				assertThat(statuses).as("answers while the disk is full").doesNotContain(500).contains(503);

				HttpResponse<String> readiness = alice.get("/actuator/health/readiness");
				assertThat(readiness.statusCode()).isEqualTo(503);
				assertThat(readiness.body()).contains("DOWN");
				assertThat(alice.get("/actuator/health/liveness").statusCode()).as("no reason to restart it")
					.isEqualTo(200);
				HttpResponse<String> api = alice.get("/api/v1/files", "Accept", "application/json");
				assertThat(api.statusCode()).isEqualTo(503);
				assertThat(api.headers().firstValue("Content-Type").orElseThrow())
					.startsWith("application/problem+json");
				assertThat(api.headers().firstValue("Retry-After")).isPresent();
				assertThat(api.body()).contains("\"status\":503").contains("cannot use its database");
				HttpResponse<String> page = alice.get("/files");
				assertThat(page.statusCode()).isEqualTo(503);
				assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
				assertThat(page.body()).contains("Temporarily unavailable").doesNotContain("Exception");

				disk.free();
				awaitReady(alice, Duration.ofSeconds(60));
				WebClient again = server.client();
				HttpResponse<String> login = again.login("alice", PASSWORD);
				assertThat(login.statusCode()).isEqualTo(302);
				assertThat(login.headers().firstValue("Location").orElseThrow()).as("not back to the login form")
					.doesNotContain("/login");
				assertThat(WebClient.html(again.get("/files")).select("a.file-name").eachText()).contains("kept.txt");
				HttpResponse<String> download = again
					.send(again.apiRequest("/api/v1/files/" + id + "/content").GET().build());
				assertThat(download.statusCode()).isEqualTo(200);
				assertThat(download.body()).isEqualTo(CONTENT);
				assertThat(upload(again, "after-recovery.txt")).isNotEmpty();
			}
			finally {
				server.stop();
			}
		}
	}

	private static String upload(WebClient client, String name) {
		HttpResponse<String> response = client.send(client.apiRequest("/api/v1/files?name=" + name)
			.header("Content-Type", "application/octet-stream")
			.PUT(BodyPublishers.ofString(CONTENT))
			.build());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(response.body());
		assertThat(id.find()).isTrue();
		return id.group(1);
	}

	/** The statuses of a sign-in through the form, as far as it gets. */
	private static List<Integer> signInAttempt(WebClient visitor) {
		HttpResponse<String> page = visitor.get("/login");
		var form = WebClient.html(page).selectFirst("form[action=/login]");
		if (page.statusCode() != 200 || form == null) {
			return List.of(page.statusCode());
		}
		String token = form.select("input[name=_csrf]").attr("value");
		HttpResponse<String> post = visitor.postForm("/login",
				Map.of("_csrf", token, "username", "alice", "password", PASSWORD));
		return List.of(page.statusCode(), post.statusCode());
	}

	private static void awaitReady(WebClient client, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		int status = 0;
		while (System.nanoTime() < deadline) {
			status = client.get("/actuator/health/readiness").statusCode();
			if (status == 200) {
				return;
			}
			Thread.sleep(250);
		}
		throw new AssertionError("Not ready " + timeout + " after space was freed (last answer " + status + ")");
	}

}
