package dev.coffer.server.files;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
 * Many new files from one user at the same moment, on the engines with row locks (the
 * cluster benchmark's 64 KiB upload load found this): creating a file takes a shared lock
 * on the owner's row for the foreign key, and the quota check then wants it exclusively;
 * unless the owner's row is locked first, two uploads deadlock and one gets a 500.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(value = Engine.class, names = { "POSTGRESQL", "MARIADB" })
class ConcurrentUploadsOnDatabasesTest {

	@Parameter
	Engine engine;

	@Test
	@Timeout(180)
	void concurrentNewFilesOfOneUser_areAllStored() throws Exception {
		try (TestServer server = TestServer.start(Databases.fresh(this.engine).serverProperties())) {
			WebClient alice = server.client();
			assertThat(alice.signUp("alice", "correct horse battery staple").statusCode()).isEqualTo(302);
			assertThat(alice.login("alice", "correct horse battery staple").statusCode()).isEqualTo(302);
			// A personal access token, like a sync client or the benchmark: no session.
			String token = createToken(alice);
			WebClient client = new WebClient(server);
			int uploads = 24;
			List<Callable<HttpResponse<String>>> tasks = new ArrayList<>();
			for (int i = 0; i < uploads; i++) {
				String name = "file-" + i + ".txt";
				tasks.add(() -> client.send(client.request("/api/v1/files?name=" + name)
					.setHeader("Accept", "application/json")
					.setHeader("Authorization", "Bearer " + token)
					.PUT(BodyPublishers.ofString("content of " + name))
					.build()));
			}
			try (ExecutorService pool = Executors.newFixedThreadPool(12)) {
				for (Future<HttpResponse<String>> response : pool.invokeAll(tasks)) {
					assertThat(response.get().statusCode()).as(response.get().body()).isEqualTo(201);
				}
			}
			String list = alice.send(alice.apiRequest("/api/v1/files").GET().build()).body();
			for (int i = 0; i < uploads; i++) {
				assertThat(list).contains("\"name\":\"file-" + i + ".txt\"");
			}
		}
	}

	static String createToken(WebClient browser) {
		HttpResponse<String> created = browser.submit("/account", "/account/tokens",
				Map.of("name", "uploader", "expiresIn", "30"));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
		Element shown = WebClient.html(browser.get("/account")).selectFirst("input[aria-label=New API token]");
		assertThat(shown).as("the new token on the account page").isNotNull();
		return shown.attr("value");
	}

}
