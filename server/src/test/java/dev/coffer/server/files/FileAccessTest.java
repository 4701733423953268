package dev.coffer.server.files;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Someone else's file answers 404 for every operation, in the API and on the pages,
 * exactly as a file that does not exist, and nothing about it changes.
 */
class FileAccessTest {

	static final String PASSWORD = "correct horse battery staple";

	static TestServer server;

	static WebClient owner;

	static WebClient stranger;

	static String fileId;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		owner = server.client();
		owner.signUp("owner", PASSWORD);
		owner.login("owner", PASSWORD);
		stranger = server.client();
		stranger.signUp("stranger", PASSWORD);
		stranger.login("stranger", PASSWORD);
		fileId = FilesApiTest.idOf(FilesApiTest.putAs(owner, "private.txt", "owner's secret".getBytes()));
		FilesApiTest.putAs(owner, "private.txt", "owner's second secret".getBytes());
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void everyApiOperation_onSomeoneElsesFile_is404_andChangesNothing() {
		String base = "/api/v1/files/" + fileId;
		Map<String, HttpRequest> attempts = new LinkedHashMap<>();
		attempts.put("get", stranger.apiRequest(base).GET().build());
		attempts.put("download", stranger.apiRequest(base + "/content").GET().build());
		attempts.put("versions", stranger.apiRequest(base + "/versions").GET().build());
		attempts.put("download version", stranger.apiRequest(base + "/versions/1/content").GET().build());
		attempts.put("new version",
				stranger.apiRequest(base + "/content").PUT(BodyPublishers.ofString("overwrite")).build());
		attempts.put("restore",
				stranger.apiRequest(base + "/versions/1/restore").POST(BodyPublishers.noBody()).build());
		attempts.put("delete version", stranger.apiRequest(base + "/versions/1").DELETE().build());
		attempts.put("rename",
				stranger.apiRequest(base)
					.header("Content-Type", "application/json")
					.method("PATCH", BodyPublishers.ofString("{\"name\":\"mine.txt\"}"))
					.build());
		attempts.put("delete", stranger.apiRequest(base).DELETE().build());
		String notFoundBody = stranger
			.send(stranger.apiRequest("/api/v1/files/00000000-0000-0000-0000-000000000000").GET().build())
			.body();
		for (var attempt : attempts.entrySet()) {
			HttpResponse<String> response = stranger.send(attempt.getValue());
			assertThat(response.statusCode()).as(attempt.getKey()).isEqualTo(404);
			// Indistinguishable from a file that does not exist at all.
			assertThat(response.body()).as(attempt.getKey()).doesNotContain("owner's");
			assertThat(detail(response.body())).as(attempt.getKey())
				.isIn(detail(notFoundBody), "There is no such version of this file.");
		}
		assertThat(stranger.send(stranger.apiRequest("/api/v1/files/names").GET().build()).body()).isEqualTo("[]");
		HttpResponse<String> ownerView = owner.send(owner.apiRequest(base).GET().build());
		assertThat(ownerView.body()).contains("\"name\":\"private.txt\"")
			.contains("\"currentVersion\":2")
			.contains("\"versionCount\":2");
		assertThat(new String(owner.sendForBytes(owner.apiRequest(base + "/content").GET().build()).body()))
			.isEqualTo("owner's second secret");
	}

	private static String detail(String problem) {
		var matcher = java.util.regex.Pattern.compile("\"detail\":\"([^\"]*)\"").matcher(problem);
		return matcher.find() ? matcher.group(1) : problem;
	}

	@Test
	void downloadByName_neverReachesSomeoneElsesFile() {
		HttpResponse<String> response = stranger
			.send(stranger.apiRequest("/api/v1/files/content?name=private.txt").GET().build());
		assertThat(response.statusCode()).isEqualTo(404);
	}

	@Test
	void everyPage_onSomeoneElsesFile_is404() {
		assertThat(stranger.get("/files/" + fileId).statusCode()).isEqualTo(404);
		String csrf = WebClient.html(stranger.get("/files")).selectFirst("input[name=_csrf]").attr("value");
		for (String action : new String[] { "/rename", "/delete", "/versions/1/restore", "/versions/1/delete" }) {
			HttpResponse<String> response = stranger.postForm("/files/" + fileId + action,
					Map.of("_csrf", csrf, "name", "stolen.txt"));
			assertThat(response.statusCode()).as(action).isEqualTo(404);
		}
		assertThat(owner.send(owner.apiRequest("/api/v1/files/" + fileId).GET().build()).body())
			.contains("\"name\":\"private.txt\"")
			.contains("\"versionCount\":2");
	}

	@Test
	void anonymousApiAccess_is401_problem() {
		HttpResponse<String> response = server.client()
			.send(server.client()
				.request("/api/v1/files/" + fileId + "/content")
				.setHeader("Accept", "application/json")
				.GET()
				.build());
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
	}

}
