package dev.coffer.server.web;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules docs/API.md states for the whole API, over real HTTPS: JSON bodies are read
 * as written (no coercion, no duplicate fields), a wrong method is a 405 with
 * {@code Allow}, ids in paths are UUIDs in either case, tus discovery needs no account, a
 * time an answer reports is the time that is stored, and a second DELETE of what is gone
 * is a 404.
 */
class ApiConventionsTest {

	static final String PASSWORD = "correct horse battery staple";

	static final JsonMapper JSON = JsonMapper.builder().build();

	static TestServer server;

	static WebClient alice;

	static Instant started;

	@BeforeAll
	static void start() {
		started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		server = TestServer.start();
		alice = server.signedUp("alice", PASSWORD);
		server.signedUp("bob", PASSWORD);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void jsonBodies_areNotCoerced_nor_takeAFieldTwice_400NamingTheField_andChangeNothing() {
		String file = upload("strict.txt");
		String links = "/api/v1/files/" + file + "/links";
		Map<String, String> refused = Map.of("{\"expiresInDays\":1.5}", "expiresInDays", "{\"maxDownloads\":\"3\"}",
				"maxDownloads", "{\"version\":1.0}", "version", "{\"expiresInDays\":3,\"expiresInDays\":4}",
				"expiresInDays", "{\"password\":12345678}", "password", "{\"password\":true}", "password",
				"{\"maxDownloads\":\"\"}", "maxDownloads", "{\"expiresInDays\":99999999999}", "expiresInDays");
		refused.forEach((body, field) -> {
			HttpResponse<String> response = send("POST", links, body);
			assertRefused(response, body, field);
		});
		assertThat(json(send("GET", links, null))).as("no link was made").isEmpty();

		assertRefused(send("POST", "/api/v1/folders", "{\"name\":5}"), "folder name", "name");
		assertRefused(send("POST", "/api/v1/folders", "{\"name\":\"a\",\"name\":\"b\"}"), "folder twice", "name");
		assertRefused(send("PUT", "/api/v1/files/" + file + "/link-policy", "{\"editorsMayCreateLinks\":\"true\"}"),
				"policy", "editorsMayCreateLinks");
		assertRefused(send("PUT", "/api/v1/files/" + file + "/link-policy", "{\"editorsMayCreateLinks\":1}"),
				"policy as a number", "editorsMayCreateLinks");
		assertRefused(send("POST", "/api/v1/requests", "{\"title\":\"t\",\"maxFiles\":\"5\",\"maxBytes\":1000}"),
				"request link", "maxFiles");
		assertRefused(send("POST", "/api/v1/files/zip", "{\"ids\":[1]}"), "zip", "ids[0]");
		assertThat(json(send("GET", "/api/v1/folders/root/entries", null)).get("folders").toString())
			.doesNotContain("\"a\"")
			.doesNotContain("\"b\"");
		assertThat(json(send("GET", "/api/v1/requests", null))).isEmpty();
		assertThat(json(send("GET", "/api/v1/files/" + file + "/link-policy", null)).get("editorsMayCreateLinks")
			.asBoolean()).isFalse();
	}

	/** What the command-line client and the web pages' scripts send is read as before. */
	@Test
	void jsonBodies_asTheClientsSendThem_andWithFieldsTheServerDoesNotKnow_areAccepted() {
		String file = upload("clients.txt");
		HttpResponse<String> link = send("POST", "/api/v1/files/" + file + "/links",
				"{\"expiresInDays\":7,\"maxDownloads\":3,\"version\":1,\"password\":\"a good password\"}");
		assertThat(link.statusCode()).as(link.body()).isEqualTo(201);
		assertThat(json(link).get("maxDownloads").asInt()).isEqualTo(3);
		HttpResponse<String> request = send("POST", "/api/v1/requests",
				"{\"title\":\"Scans\",\"maxFiles\":5,\"maxBytes\":100000,\"expiresInDays\":7}");
		assertThat(request.statusCode()).as(request.body()).isEqualTo(201);
		String folder = json(send("POST", "/api/v1/folders", "{\"name\":\"Moved here\",\"parentId\":null}")).get("id")
			.asString();
		HttpResponse<String> moved = send("PATCH", "/api/v1/files/" + file, "{\"folderId\":\"" + folder + "\"}");
		assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
		HttpResponse<String> unknownField = send("POST", "/api/v1/files/" + file + "/links",
				"{\"expiresInDays\":2,\"comment\":\"for Carol\"}");
		assertThat(unknownField.statusCode()).as(unknownField.body()).isEqualTo(201);
	}

	@Test
	void aWrongMethod_onAFixedRoute_is405WithAllow_likeEveryOtherWrongMethod() {
		for (String path : new String[] { "/api/v1/files/zip", "/api/v1/files/move", "/api/v1/files/delete" }) {
			HttpResponse<String> response = send("GET", path, null);
			assertThat(response.statusCode()).as(path).isEqualTo(405);
			assertThat(response.headers().firstValue("Allow")).as(path).hasValue("POST");
			assertProblem(response, 405);
		}
		HttpResponse<String> names = send("DELETE", "/api/v1/files/names", null);
		assertThat(names.statusCode()).isEqualTo(405);
		assertThat(names.headers().firstValue("Allow")).hasValue("GET");
		HttpResponse<String> me = send("PUT", "/api/v1/me", null);
		assertThat(me.statusCode()).isEqualTo(405);
		assertThat(me.headers().firstValue("Allow")).hasValue("GET");
		assertProblem(me, 405);
	}

	@Test
	void aMissingQueryParameter_is400NamingIt() {
		// PUT /api/v1/files takes its name in the address; without it no method matches.
		HttpResponse<String> noName = send("PUT", "/api/v1/files", "content");
		assertThat(noName.statusCode()).isEqualTo(400);
		assertProblem(noName, 400);
		assertThat(json(noName).get("detail").asString()).isEqualTo("The address needs the query parameter \"name\".");
		HttpResponse<String> noNameToRead = send("GET", "/api/v1/files/content", null);
		assertThat(noNameToRead.statusCode()).isEqualTo(400);
		assertThat(json(noNameToRead).get("detail").asString())
			.isEqualTo("The address needs the query parameter \"name\".");
	}

	@Test
	void idsInPaths_areReadInEitherCase_andAMalformedOneIs400() {
		String file = upload("Caseless.txt");
		String upper = file.toUpperCase(Locale.ROOT);
		HttpResponse<String> read = send("GET", "/api/v1/files/" + upper, null);
		assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
		assertThat(json(read).get("id").asString()).isEqualTo(file);
		String link = json(send("POST", "/api/v1/files/" + file + "/links", "{}")).get("id").asString();
		assertThat(send("GET", "/api/v1/files/" + upper + "/links/" + link.toUpperCase(Locale.ROOT), null).statusCode())
			.isEqualTo(200);
		String folder = json(send("POST", "/api/v1/folders", "{\"name\":\"UPPER\"}")).get("id").asString();
		assertThat(send("GET", "/api/v1/folders/" + folder.toUpperCase(Locale.ROOT) + "/entries", null).statusCode())
			.isEqualTo(200);

		for (String path : new String[] { "/api/v1/files/not-an-id", "/api/v1/files/" + file + "x",
				"/api/v1/folders/nope/entries", "/api/v1/files/" + file + "/links/1" }) {
			HttpResponse<String> malformed = send("GET", path, null);
			assertThat(malformed.statusCode()).as(path).isEqualTo(400);
			assertProblem(malformed, 400);
			assertThat(malformed.body()).as(path).contains("is not an id");
		}
		HttpResponse<String> unknown = send("GET", "/api/v1/files/" + UUID.randomUUID(), null);
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(send("GET", "/api/v1/folders/root", null).statusCode()).isEqualTo(200);

		assertThat(send("DELETE", "/api/v1/files/" + upper, null).statusCode()).isEqualTo(204);
		assertThat(send("GET", "/api/v1/files/" + file, null).statusCode()).isEqualTo(404);
	}

	@Test
	void tusDiscovery_needsNoAccount_andAllowNamesWhatTheAddressTakes() {
		WebClient anonymous = server.client();
		for (WebClient client : new WebClient[] { anonymous, alice }) {
			HttpResponse<String> options = client
				.send(client.request("/api/v1/uploads").method("OPTIONS", BodyPublishers.noBody()).build());
			assertThat(options.statusCode()).isEqualTo(204);
			assertThat(options.headers().firstValue("Tus-Version")).hasValue("1.0.0");
			assertThat(options.headers().firstValue("Tus-Max-Size")).isPresent();
			assertThat(Arrays.stream(options.headers().firstValue("Allow").orElseThrow().split(","))
				.map(String::strip)
				.sorted()).containsExactly("OPTIONS", "POST");
		}
		HttpResponse<String> start = anonymous.send(anonymous.request("/api/v1/uploads")
			.header("Tus-Resumable", "1.0.0")
			.header("Upload-Length", "10")
			.POST(BodyPublishers.noBody())
			.build());
		assertThat(start.statusCode()).as("starting an upload still needs an account").isIn(401, 403);
		HttpResponse<String> other = anonymous.send(anonymous.request("/api/v1/uploads/" + UUID.randomUUID())
			.method("OPTIONS", BodyPublishers.noBody())
			.build());
		assertThat(other.statusCode()).isEqualTo(401);
	}

	@Test
	void createdAt_inTheAnswerToACreate_isWhatReadingItBackSays() {
		String file = upload("times.txt");
		JsonNode link = json(send("POST", "/api/v1/files/" + file + "/links", "{}"));
		JsonNode linkAgain = json(send("GET", "/api/v1/files/" + file + "/links/" + link.get("id").asString(), null));
		assertThat(link.get("createdAt").asString()).isEqualTo(linkAgain.get("createdAt").asString());
		assertThat(link.get("expiresAt").asString()).isEqualTo(linkAgain.get("expiresAt").asString());

		JsonNode folder = json(send("POST", "/api/v1/folders", "{\"name\":\"Timed\"}"));
		JsonNode folderAgain = json(send("GET", "/api/v1/folders/" + folder.get("id").asString(), null));
		assertThat(folder.get("createdAt").asString()).isEqualTo(folderAgain.get("createdAt").asString());

		JsonNode request = json(
				send("POST", "/api/v1/requests", "{\"title\":\"Timed\",\"maxFiles\":1,\"maxBytes\":1000}"));
		JsonNode requestAgain = json(send("GET", "/api/v1/requests/" + request.get("id").asString(), null));
		assertThat(request.get("createdAt").asString()).isEqualTo(requestAgain.get("createdAt").asString());

		JsonNode share = json(send("PUT", "/api/v1/files/" + file + "/shares/bob", "{\"permission\":\"READ\"}"));
		JsonNode shareAgain = json(send("GET", "/api/v1/files/" + file + "/shares", null)).get(0);
		assertThat(share.get("createdAt").asString()).isEqualTo(shareAgain.get("createdAt").asString());

		JsonNode comment = json(send("POST", "/api/v1/files/" + file + "/comments", "{\"body\":\"noted\"}"));
		JsonNode commentAgain = json(send("GET", "/api/v1/files/" + file + "/comments", null)).get(0);
		assertThat(comment.get("createdAt").asString()).isEqualTo(commentAgain.get("createdAt").asString());
	}

	@Test
	void theTopFolderOfANewAccount_wasMadeWithTheAccount_notIn1970() {
		WebClient carol = server.signedUp("carol", PASSWORD);
		JsonNode empty = json(carol.send(carol.apiRequest("/api/v1/folders/root").GET().build()));
		Instant created = Instant.parse(empty.get("createdAt").asString());
		assertThat(created).isBetween(started, Instant.now());
		assertThat(empty.get("modifiedAt").asString()).isEqualTo(empty.get("createdAt").asString());

		HttpResponse<String> made = carol.send(carol.apiRequest("/api/v1/folders")
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("{\"name\":\"First\"}"))
			.build());
		assertThat(made.statusCode()).isEqualTo(201);
		JsonNode stored = json(carol.send(carol.apiRequest("/api/v1/folders/root").GET().build()));
		assertThat(stored.get("id").asString()).isEqualTo(empty.get("id").asString());
		assertThat(stored.get("createdAt").asString()).as("the same once it is stored")
			.isEqualTo(empty.get("createdAt").asString());
	}

	/**
	 * What a DELETE removes is gone: deleting it again is a 404. A link or request link
	 * is revoked, not removed (it stays listed, revoked): revoking it again is a 204 that
	 * changes nothing.
	 */
	@Test
	void aSecondDelete_ofWhatIsGone_is404_andOfARevokedLink_204() {
		String file = upload("twice.txt");
		alice.send(alice.apiRequest("/api/v1/files/" + file + "/content")
			.header("Content-Type", "application/octet-stream")
			.PUT(BodyPublishers.ofString("second"))
			.build());
		assertDeletedOnce("/api/v1/files/" + file + "/versions/1");
		send("PUT", "/api/v1/files/" + file + "/shares/bob", "{\"permission\":\"READ\"}");
		assertDeletedOnce("/api/v1/files/" + file + "/shares/bob");
		String comment = json(send("POST", "/api/v1/files/" + file + "/comments", "{\"body\":\"x\"}")).get("id")
			.asString();
		assertDeletedOnce("/api/v1/files/" + file + "/comments/" + comment);
		String folder = json(send("POST", "/api/v1/folders", "{\"name\":\"Twice\"}")).get("id").asString();
		send("PUT", "/api/v1/folders/" + folder + "/shares/bob", "{\"permission\":\"READ\"}");
		assertDeletedOnce("/api/v1/folders/" + folder + "/shares/bob");

		String link = json(send("POST", "/api/v1/files/" + file + "/links", "{}")).get("id").asString();
		assertRevokedTwice("/api/v1/files/" + file + "/links/" + link);
		String folderLink = json(send("POST", "/api/v1/folders/" + folder + "/links", "{}")).get("id").asString();
		assertRevokedTwice("/api/v1/folders/" + folder + "/links/" + folderLink);
		String request = json(
				send("POST", "/api/v1/requests", "{\"title\":\"Twice\",\"maxFiles\":1,\"maxBytes\":1000}"))
			.get("id")
			.asString();
		assertRevokedTwice("/api/v1/requests/" + request);

		HttpResponse<String> started = alice.send(alice.apiRequest("/api/v1/uploads")
			.header("Tus-Resumable", "1.0.0")
			.header("Upload-Length", "10")
			.header("Upload-Metadata",
					"filename " + Base64.getEncoder().encodeToString("t.bin".getBytes(StandardCharsets.UTF_8)))
			.POST(BodyPublishers.noBody())
			.build());
		String upload = started.headers().firstValue("Location").orElseThrow();
		for (int expected : new int[] { 204, 404 }) {
			assertThat(
					alice.send(alice.apiRequest(upload).header("Tus-Resumable", "1.0.0").DELETE().build()).statusCode())
				.as(upload)
				.isEqualTo(expected);
		}

		assertDeletedOnce("/api/v1/files/" + file);
		assertDeletedOnce("/api/v1/trash/files/" + file);
		assertDeletedOnce("/api/v1/folders/" + folder);
		assertDeletedOnce("/api/v1/trash/folders/" + folder);
		upload("by-path.txt");
		assertDeletedOnce("/api/v1/paths/by-path.txt");
	}

	private static void assertDeletedOnce(String path) {
		assertThat(send("DELETE", path, null).statusCode()).as("first DELETE " + path).isEqualTo(204);
		HttpResponse<String> again = send("DELETE", path, null);
		assertThat(again.statusCode()).as("second DELETE " + path).isEqualTo(404);
		assertProblem(again, 404);
	}

	private static void assertRevokedTwice(String path) {
		assertThat(send("DELETE", path, null).statusCode()).as("first DELETE " + path).isEqualTo(204);
		assertThat(send("DELETE", path, null).statusCode()).as("second DELETE " + path).isEqualTo(204);
		HttpResponse<String> kept = send("GET", path, null);
		assertThat(kept.statusCode()).as(path).isEqualTo(200);
		assertThat(json(kept).get("status").asString()).as(path).isEqualTo("revoked");
	}

	private static void assertRefused(HttpResponse<String> response, String what, String field) {
		assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(400);
		assertProblem(response, 400);
		JsonNode problem = json(response);
		assertThat(problem.get("field").asString()).as(what).isEqualTo(field);
		assertThat(problem.get("detail").asString()).as(what).contains("\"" + field + "\"");
	}

	private static void assertProblem(HttpResponse<String> response, int status) {
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		JsonNode problem = json(response);
		assertThat(problem.get("type").asString()).isEqualTo("about:blank");
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("title").asString()).isNotBlank();
		assertThat(problem.get("detail").asString()).isNotBlank();
		assertThat(problem.get("instance").asString()).startsWith("/api/v1/");
	}

	private static String upload(String name) {
		HttpResponse<String> response = alice
			.send(alice.apiRequest("/api/v1/files?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8))
				.header("Content-Type", "application/octet-stream")
				.PUT(BodyPublishers.ofString("content of " + name))
				.build());
		assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
		return json(response).get("id").asString();
	}

	private static HttpResponse<String> send(String method, String path, String json) {
		HttpRequest.Builder request = alice.apiRequest(path);
		if (json != null) {
			request.header("Content-Type", "application/json").method(method, BodyPublishers.ofString(json));
		}
		else {
			request.method(method, BodyPublishers.noBody());
		}
		return alice.send(request.build());
	}

	private static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

}
