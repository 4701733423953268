package dev.coffer.server.files;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The folders API over real HTTPS: folder endpoints, paging, moving files, path
 * addressing, and the refusals (bad names, unknown or someone else's folders, cycles,
 * name clashes) that change nothing.
 */
class FoldersApiTest {

	static final String PASSWORD = "correct horse battery staple";

	static final JsonMapper JSON = JsonMapper.builder().build();

	static TestServer server;

	static WebClient alice;

	static WebClient bob;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		alice = server.client();
		alice.signUp("alice", PASSWORD);
		alice.login("alice", PASSWORD);
		bob = server.client();
		bob.signUp("bob", PASSWORD);
		bob.login("bob", PASSWORD);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void folders_canBeMadeListedRenamedMovedAndDeleted() {
		HttpResponse<String> made = post(alice, "/api/v1/folders", "{\"name\":\"Projects\"}");
		assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
		String projects = json(made).get("id").asString();
		assertThat(made.headers().firstValue("Location")).hasValue("/api/v1/folders/" + projects);
		String inner = json(post(alice, "/api/v1/folders", "{\"name\":\"Inner\",\"parentId\":\"" + projects + "\"}"))
			.get("id")
			.asString();
		String file = FilesApiTest.idOf(FilesApiTest.putAs(alice, "plan.txt", "the plan".getBytes()));
		assertThat(patch(alice, "/api/v1/files/" + file, "{\"folderId\":\"" + inner + "\"}").statusCode())
			.isEqualTo(200);

		JsonNode page = json(get(alice, "/api/v1/folders/" + inner + "/entries"));
		assertThat(page.get("files").get(0).get("name").asString()).isEqualTo("plan.txt");
		assertThat(page.get("files").get(0).get("folderId").asString()).isEqualTo(inner);
		assertThat(page.get("permission").asString()).isEqualTo("OWNER");
		assertThat(names(page.get("path"))).containsExactly("", "Projects", "Inner");
		assertThat(page.get("next").isNull()).isTrue();
		// The top folder's file list (the files API of before) no longer has it.
		assertThat(get(alice, "/api/v1/files").body()).doesNotContain("plan.txt");
		assertThat(get(alice, "/api/v1/files?q=PLAN").body()).contains("plan.txt");

		HttpResponse<String> renamed = patch(alice, "/api/v1/folders/" + inner,
				"{\"name\":\"Renamed\",\"parentId\":\"root\"}");
		assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(200);
		assertThat(names(json(get(alice, "/api/v1/folders/" + inner + "/entries")).get("path"))).containsExactly("",
				"Renamed");
		assertThat(delete(alice, "/api/v1/folders/" + inner).statusCode()).isEqualTo(204);
		assertThat(get(alice, "/api/v1/files/" + file).statusCode()).isEqualTo(404);
		assertThat(get(alice, "/api/v1/folders/" + inner).statusCode()).isEqualTo(404);
	}

	@Test
	void refusals_sayWhy_andChangeNothing() {
		String a = json(post(alice, "/api/v1/folders", "{\"name\":\"cycle-a\"}")).get("id").asString();
		String b = json(post(alice, "/api/v1/folders", "{\"name\":\"cycle-b\",\"parentId\":\"" + a + "\"}")).get("id")
			.asString();
		FilesApiTest.putAs(alice, "taken", "x".getBytes());
		String bobs = json(post(bob, "/api/v1/folders", "{\"name\":\"bob's\"}")).get("id").asString();

		assertProblem(post(alice, "/api/v1/folders", "{\"name\":\"a/b\"}"), 400, "/");
		assertProblem(post(alice, "/api/v1/folders", "{\"name\":\"..\"}"), 400, "..");
		assertProblem(post(alice, "/api/v1/folders", "{}"), 400, "name");
		assertProblem(post(alice, "/api/v1/folders", "{\"name\":\"x\",\"parentId\":\"nope\"}"), 404, "no such folder");
		assertProblem(post(alice, "/api/v1/folders", "{\"name\":\"x\",\"parentId\":\"" + bobs + "\"}"), 404,
				"no such folder");
		assertProblem(get(alice, "/api/v1/folders/" + bobs + "/entries"), 404, "no such folder");
		assertProblem(patch(alice, "/api/v1/folders/" + bobs, "{\"name\":\"mine\"}"), 404, "no such folder");
		assertProblem(delete(alice, "/api/v1/folders/" + bobs), 404, "no such folder");
		assertProblem(patch(alice, "/api/v1/folders/" + a, "{\"parentId\":\"" + b + "\"}"), 409, "into itself");
		assertProblem(patch(alice, "/api/v1/folders/" + a, "{\"parentId\":\"" + a + "\"}"), 409, "into itself");
		assertProblem(post(alice, "/api/v1/folders", "{\"name\":\"taken\"}"), 409, "already a file or folder");
		assertProblem(FilesApiTest.putAs(alice, "cycle-a", "x".getBytes()), 409, "already a file or folder");
		assertProblem(patch(alice, "/api/v1/folders/" + b, "{\"parentId\":\"root\",\"name\":\"taken\"}"), 409,
				"already");
		assertProblem(get(alice, "/api/v1/folders/root/entries?limit=0"), 400, "limit");
		assertProblem(get(alice, "/api/v1/folders/root/entries?cursor=bm9wZQ"), 400, "cursor");
		assertProblem(delete(alice, "/api/v1/folders/root"), 409, "cannot be deleted");
		// Nothing moved: b is still in a, bob's folder untouched.
		assertThat(json(get(alice, "/api/v1/folders/" + b)).get("parentId").asString()).isEqualTo(a);
		assertThat(json(get(bob, "/api/v1/folders/" + bobs)).get("name").asString()).isEqualTo("bob's");
	}

	@Test
	void entries_pageWithACursor_foldersFirst() {
		String box = json(post(alice, "/api/v1/folders", "{\"name\":\"paged\"}")).get("id").asString();
		for (String name : List.of("f10", "f9", "F1")) {
			post(alice, "/api/v1/folders", "{\"name\":\"" + name + "\",\"parentId\":\"" + box + "\"}");
		}
		for (String name : List.of("x2.txt", "x10.txt", "x1.txt")) {
			alice.send(alice.apiRequest("/api/v1/files?folderId=" + box + "&name=" + name)
				.PUT(BodyPublishers.ofString(name))
				.build());
		}
		List<String> seen = new ArrayList<>();
		String cursor = "";
		do {
			JsonNode page = json(get(alice, "/api/v1/folders/" + box + "/entries?limit=2&cursor=" + cursor));
			seen.addAll(names(page.get("folders")));
			seen.addAll(names(page.get("files")));
			cursor = page.get("next").isNull() ? null : page.get("next").asString();
		}
		while (cursor != null);
		assertThat(seen).containsExactly("F1", "f9", "f10", "x1.txt", "x2.txt", "x10.txt");
	}

	@Test
	void paths_uploadMakingFolders_downloadAndDelete() {
		HttpResponse<String> created = alice.send(alice.apiRequest("/api/v1/paths/reports/2026/q1.txt")
			.PUT(BodyPublishers.ofString("first quarter"))
			.build());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		HttpResponse<String> again = alice
			.send(alice.apiRequest("/api/v1/paths/reports/2026/q1.txt").PUT(BodyPublishers.ofString("v2")).build());
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(json(again).get("currentVersion").asInt()).isEqualTo(2);
		assertThat(get(alice, "/api/v1/paths/reports/2026/q1.txt").body()).isEqualTo("v2");
		assertThat(get(bob, "/api/v1/paths/reports/2026/q1.txt").statusCode()).isEqualTo(404);
		assertProblem(get(alice, "/api/v1/paths/reports/2027/q1.txt"), 404, "no such file");
		// A file on the way where a folder should be.
		assertProblem(alice.send(alice.apiRequest("/api/v1/paths/reports/2026/q1.txt/deeper.txt")
			.PUT(BodyPublishers.ofString("x"))
			.build()), 409, "already a file or folder");
		assertThat(delete(alice, "/api/v1/paths/reports/2026/q1.txt").statusCode()).isEqualTo(204);
		assertThat(get(alice, "/api/v1/paths/reports/2026/q1.txt").statusCode()).isEqualTo(404);
	}

	static void assertProblem(HttpResponse<String> response, int status, String detailContains) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(json(response).get("detail").asString()).containsIgnoringCase(detailContains);
	}

	static List<String> names(JsonNode array) {
		List<String> names = new ArrayList<>();
		array.forEach((node) -> names.add(node.get("name").asString()));
		return names;
	}

	static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	static HttpResponse<String> get(WebClient client, String path) {
		return client.send(client.apiRequest(path).GET().build());
	}

	static HttpResponse<String> post(WebClient client, String path, String json) {
		return client.send(client.apiRequest(path)
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(json, StandardCharsets.UTF_8))
			.build());
	}

	static HttpResponse<String> patch(WebClient client, String path, String json) {
		return client.send(client.apiRequest(path)
			.header("Content-Type", "application/json")
			.method("PATCH", BodyPublishers.ofString(json, StandardCharsets.UTF_8))
			.build());
	}

	static HttpResponse<String> delete(WebClient client, String path) {
		return client.send(client.apiRequest(path).DELETE().build());
	}

}
