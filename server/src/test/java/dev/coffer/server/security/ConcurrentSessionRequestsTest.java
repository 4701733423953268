package dev.coffer.server.security;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.coffer.server.support.Databases;
import dev.coffer.server.support.Databases.Engine;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One signed-in browser session sending many requests at once, as the web UI's upload
 * script does with several files, as several tabs do, and as the benchmark did with a
 * session cookie: every API upload (session cookie plus {@code X-CSRF-TOKEN}) and every
 * form post succeeds, on each engine that holds the sessions. Before the fix, parallel
 * requests that set the same new session attribute got 500 on PostgreSQL and MariaDB (see
 * {@code SessionStoreConfiguration}), and, once those writes were upserts, parallel first
 * pages after login each stored a CSRF token of their own, so uploads made with all but
 * one of them got 403 (see {@code LoginSuccessHandler}).
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(Engine.class)
class ConcurrentSessionRequestsTest {

	static final String PASSWORD = "correct horse battery staple";

	static final int REQUESTS = 64;

	static final int THREADS = 16;

	@Parameter
	Engine engine;

	@Test
	@Timeout(120)
	void parallelRequestsOfOneSession_allSucceed_fromItsFirstPageOn() throws Exception {
		try (TestServer server = TestServer.start(Databases.fresh(this.engine).serverProperties())) {
			WebClient alice = server.client();
			assertThat(alice.signUp("alice", PASSWORD).statusCode()).isEqualTo(302);
			assertThat(alice.login("alice", PASSWORD).statusCode()).isEqualTo(302);

			// The session's first requests: pages loaded in parallel, each upload made
			// with the token of its own page.
			List<Callable<Outcome>> firstPages = new ArrayList<>();
			for (int i = 0; i < REQUESTS; i++) {
				String name = "first-" + i + ".bin";
				firstPages.add(() -> {
					HttpResponse<String> page = alice.get("/files");
					Element token = WebClient.html(page).selectFirst("meta[name=csrf-token]");
					if (page.statusCode() != 200 || token == null) {
						return new Outcome("GET /files", page, 200);
					}
					return new Outcome("PUT", put(alice, token.attr("content"), name), 201);
				});
			}
			assertAllSucceeded(run(firstPages));

			// Then uploads and form posts at once, with the token a page script holds.
			String csrf = alice.csrfToken();
			HttpResponse<String> commented = put(alice, csrf, "commented.txt");
			assertThat(commented.statusCode()).as(commented.body()).isEqualTo(201);
			String fileId = field(commented.body(), "id");
			List<Callable<Outcome>> mixed = new ArrayList<>();
			for (int i = 0; i < REQUESTS; i++) {
				String name = "mixed-" + i + ".bin";
				String comment = "comment " + i;
				mixed.add(() -> new Outcome("PUT", put(alice, csrf, name), 201));
				mixed.add(() -> new Outcome("POST form",
						alice.postForm("/files/" + fileId + "/comments", Map.of("_csrf", csrf, "body", comment)), 302));
			}
			assertAllSucceeded(run(mixed));

			// The same session without the token is still refused, and stores nothing.
			HttpResponse<String> forged = alice.send(alice.request("/api/v1/files?name=forged.bin")
				.setHeader("Accept", "application/json")
				.PUT(BodyPublishers.ofString("no token"))
				.build());
			assertThat(forged.statusCode()).isEqualTo(403);

			String names = alice.send(apiGet(alice, csrf, "/api/v1/files/names")).body();
			String comments = alice.send(apiGet(alice, csrf, "/api/v1/files/" + fileId + "/comments")).body();
			assertThat(names).doesNotContain("forged.bin");
			for (int i = 0; i < REQUESTS; i++) {
				assertThat(names).contains("\"first-" + i + ".bin\"", "\"mixed-" + i + ".bin\"");
				assertThat(comments).contains("\"comment " + i + "\"");
			}
		}
	}

	private static List<Outcome> run(List<Callable<Outcome>> tasks) throws Exception {
		List<Outcome> outcomes = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
			for (Future<Outcome> outcome : pool.invokeAll(tasks)) {
				outcomes.add(outcome.get());
			}
		}
		return outcomes;
	}

	private static void assertAllSucceeded(List<Outcome> outcomes) {
		Map<String, Integer> failures = new TreeMap<>();
		String example = null;
		for (Outcome outcome : outcomes) {
			if (outcome.response().statusCode() != outcome.expected()) {
				failures.merge(outcome.what() + " " + outcome.response().statusCode(), 1, Integer::sum);
				example = outcome.response().body();
			}
		}
		assertThat(failures).as("failed requests by kind and status; one body: %s", example).isEmpty();
	}

	private static HttpResponse<String> put(WebClient client, String csrf, String name) {
		return client.send(client.request("/api/v1/files?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8))
			.setHeader("Accept", "application/json")
			.setHeader("X-CSRF-TOKEN", csrf)
			.setHeader("Content-Type", "application/octet-stream")
			.PUT(BodyPublishers.ofString("content of " + name))
			.build());
	}

	private static HttpRequest apiGet(WebClient client, String csrf, String path) {
		return client.request(path)
			.setHeader("Accept", "application/json")
			.setHeader("X-CSRF-TOKEN", csrf)
			.GET()
			.build();
	}

	private static String field(String json, String name) {
		Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
		assertThat(matcher.find()).as("%s in %s", name, json).isTrue();
		return matcher.group(1);
	}

	private record Outcome(String what, HttpResponse<String> response, int expected) {
	}

}
