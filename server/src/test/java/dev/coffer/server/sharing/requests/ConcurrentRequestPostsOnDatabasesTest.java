package dev.coffer.server.sharing.requests;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.coffer.server.sharing.requests.RequestLinkClient.Created;
import dev.coffer.server.support.Databases;
import dev.coffer.server.support.Databases.Engine;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static dev.coffer.server.sharing.requests.RequestLinkClient.create;
import static dev.coffer.server.sharing.requests.RequestLinkClient.formAction;
import static dev.coffer.server.sharing.requests.RequestLinkClient.post;
import static dev.coffer.server.sharing.requests.RequestLinkClient.sender;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request-link posts that all want the same names, at the same moment as the owner
 * renames files to those names, on the engines with row locks: each post picks its names
 * under the owner's row lock, which every creation and rename takes first, so every post
 * gets free names (no unique-key failure) and nothing deadlocks.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(value = Engine.class, names = { "POSTGRESQL", "MARIADB" })
class ConcurrentRequestPostsOnDatabasesTest {

	private static final String PASSWORD = "correct horse battery staple";

	private static final Pattern FILE_ID = Pattern.compile("\"id\":\"([^\"]+)\"");

	@Parameter
	Engine engine;

	@Test
	@Timeout(180)
	void concurrentPostsOfOneName_andRenamesToThoseNames_allGetFreeNames() throws Exception {
		try (TestServer server = TestServer.start(concat(Databases.fresh(this.engine).serverProperties(),
				"coffer.requests.min-fill-time=0s", "coffer.requests.posts-per-hour=1000"))) {
			WebClient owner = server.client();
			assertThat(owner.signUp("owner", PASSWORD).statusCode()).isEqualTo(302);
			assertThat(owner.login("owner", PASSWORD).statusCode()).isEqualTo(302);
			Created request = create(owner, "Reports", 100, 10_000_000);
			int posts = 8;
			List<String> ownFiles = new ArrayList<>();
			for (int i = 0; i < posts; i++) {
				ownFiles.add(upload(owner, "own-" + i + ".txt"));
			}
			List<Callable<Integer>> tasks = new ArrayList<>();
			for (int i = 0; i < posts; i++) {
				WebClient sender = server.client();
				String action = formAction(sender, request.token());
				byte[] content = ("report " + i).getBytes(StandardCharsets.UTF_8);
				tasks.add(() -> post(sender, action, sender("Alice", "alice@example.org", ""),
						Map.of("report.txt", content, "summary.txt", content))
					.statusCode());
				// The owner takes a name a post would pick: the post must skip it.
				String fileId = ownFiles.get(i);
				String taken = ReceivedFileNames.candidate("report.txt", "Alice", i + 1);
				tasks.add(
						() -> owner
							.send(owner.apiRequest("/api/v1/files/" + fileId)
								.header("Content-Type", "application/json")
								.method("PATCH", BodyPublishers.ofString("{\"name\":\"" + taken + "\"}"))
								.build())
							.statusCode());
			}
			try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
				List<Future<Integer>> results = pool.invokeAll(tasks);
				for (int i = 0; i < results.size(); i++) {
					// posts redirect to the thank-you page; renames succeed or find the
					// name taken by a post that came first
					assertThat(results.get(i).get()).isIn((i % 2 == 0) ? List.of(302) : List.of(200, 409));
				}
			}
			String list = owner.send(owner.apiRequest("/api/v1/files").GET().build()).body();
			List<String> names = new ArrayList<>();
			Matcher name = Pattern.compile("\"name\":\"([^\"]+)\"").matcher(list);
			while (name.find()) {
				names.add(name.group(1));
			}
			assertThat(names).doesNotHaveDuplicates();
			assertThat(names.stream().filter((n) -> n.startsWith("report (from Alice)"))).hasSizeBetween(posts,
					2 * posts);
			assertThat(names.stream().filter((n) -> n.startsWith("summary (from Alice)"))).hasSize(posts);
			assertThat(names).hasSize(3 * posts);
		}
	}

	private static String upload(WebClient owner, String name) {
		HttpResponse<String> response = owner.send(owner.apiRequest("/api/v1/files?name=" + name)
			.header("Content-Type", "application/octet-stream")
			.PUT(BodyPublishers.ofString("mine"))
			.build());
		assertThat(response.statusCode()).isEqualTo(201);
		Matcher id = FILE_ID.matcher(response.body());
		assertThat(id.find()).isTrue();
		return id.group(1);
	}

	private static String[] concat(String[] first, String... more) {
		String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
		System.arraycopy(more, 0, all, first.length, more.length);
		return all;
	}

}
