package dev.coffer.server.web;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document tells the truth about answers: real media types (never
 * {@code *}{@code /*}), the errors of every operation as problem documents, 201 for
 * creations, and for a sample of operations the very statuses and types the server
 * answers when asked.
 */
class OpenApiResponsesTest {

	static final String PASSWORD = "correct horse battery staple";

	static final JsonMapper JSON = JsonMapper.builder().build();

	static TestServer server;

	static WebClient alice;

	static JsonNode document;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		alice = server.client();
		alice.signUp("alice", PASSWORD);
		alice.login("alice", PASSWORD);
		HttpResponse<String> served = server.client().get("/api/v1/openapi.json", "Accept", "application/json");
		assertThat(served.statusCode()).isEqualTo(200);
		document = JSON.readTree(served.body());
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void noAnswerIsTypedAsAnything() {
		List<String> untyped = new ArrayList<>();
		forEachOperation((name, operation) -> operation.get("responses").properties().forEach((response) -> {
			JsonNode content = response.getValue().get("content");
			if (content != null && content.has("*/*")) {
				untyped.add(name + " " + response.getKey());
			}
		}));
		assertThat(untyped).isEmpty();
		assertThat(document.toString()).doesNotContain("*/*");
	}

	@Test
	void everyOperation_documentsItsErrors_asProblemDocuments_butHeadsWithoutBodies() {
		assertThat(document.at("/components/schemas/Problem/properties").propertyNames()).contains("type", "title",
				"status", "detail", "instance", "field", "reference");
		List<String> withoutProblems = new ArrayList<>();
		forEachOperation((name, operation) -> {
			boolean problem = operation.get("responses")
				.properties()
				.stream()
				.anyMatch((response) -> response.getKey().startsWith("4") && "#/components/schemas/Problem"
					.equals(response.getValue().at("/content/application~1problem+json/schema/$ref").asString(null)));
			if (!problem && !name.startsWith("HEAD ")) {
				withoutProblems.add(name);
			}
		});
		assertThat(withoutProblems).isEmpty();
		assertThat(statuses("get", "/api/v1/files/{id}")).contains("400", "401", "404");
		assertThat(statuses("patch", "/api/v1/files/{id}")).contains("409", "413", "415");
		assertThat(statuses("post", "/api/v1/oauth/token")).contains("429").doesNotContain("401");
		assertThat(document.at("/paths/~1api~1v1~1uploads~1{id}/head/responses/404").isMissingNode()).isFalse();
		assertThat(document.at("/paths/~1api~1v1~1uploads~1{id}/head/responses/404/content").isMissingNode())
			.as("an answer to HEAD has no body")
			.isTrue();
		assertThat(statuses("put", "/api/v1/files/{id}/content")).contains("412");
		assertThat(statuses("put", "/api/v1/files")).contains("412");
	}

	@Test
	void creations_document201() {
		for (String[] creation : new String[][] { { "post", "/api/v1/files" }, { "put", "/api/v1/files" },
				{ "put", "/api/v1/paths/{path}" }, { "post", "/api/v1/folders" },
				{ "post", "/api/v1/files/{id}/comments" }, { "post", "/api/v1/files/{id}/links" },
				{ "post", "/api/v1/folders/{id}/links" }, { "post", "/api/v1/requests" },
				{ "post", "/api/v1/me/public-keys" }, { "post", "/api/v1/uploads" },
				{ "put", "/api/v1/files/{id}/shares/{username}" } }) {
			assertThat(statuses(creation[0], creation[1])).as(creation[0] + " " + creation[1]).contains("201");
		}
	}

	@Test
	void sampleOfOperations_answerWhatTheDocumentSays() {
		String name = "/api/v1/files?name=sample.txt";
		HttpResponse<String> created = alice.send(raw(name, "one"));
		assertDocumented("put", "/api/v1/files", created, 201);
		String id = idOf(created);
		assertDocumented("put", "/api/v1/files", alice.send(raw(name, "two")), 200);
		assertDocumented("get", "/api/v1/files/{id}/content",
				alice.send(alice.apiRequest("/api/v1/files/" + id + "/content").GET().build()), 200);
		assertDocumented("get", "/api/v1/files/{id}",
				alice.send(alice.apiRequest("/api/v1/files/" + UUID.randomUUID()).GET().build()), 404);
		assertDocumented("get", "/api/v1/files/{id}",
				alice.send(alice.apiRequest("/api/v1/files/no-such-file").GET().build()), 400);
		assertDocumented("patch", "/api/v1/files/{id}",
				alice.send(alice.apiRequest("/api/v1/files/" + id)
					.header("Content-Type", "text/plain")
					.method("PATCH", BodyPublishers.ofString("name=x"))
					.build()),
				415);
		assertDocumented("get", "/api/v1/files/{id}/content", alice.send(
				alice.apiRequest("/api/v1/files/" + id + "/content").header("Range", "bytes=0-0").GET().build()), 206);
		assertDocumented("put", "/api/v1/files/{id}/content",
				alice.send(alice.apiRequest("/api/v1/files/" + id + "/content")
					.header("Content-Type", "application/octet-stream")
					.header("If-Match", "\"0000\"")
					.PUT(BodyPublishers.ofString("three"))
					.build()),
				412);
		assertDocumented("options", "/api/v1/uploads",
				alice.send(alice.apiRequest("/api/v1/uploads").method("OPTIONS", BodyPublishers.noBody()).build()),
				204);
		assertDocumented("post", "/api/v1/uploads",
				alice.send(alice.apiRequest("/api/v1/uploads").POST(BodyPublishers.noBody()).build()), 412);
		assertDocumented("post", "/api/v1/files/zip",
				alice.send(json("/api/v1/files/zip", "{\"ids\":[\"" + id + "\"]}")), 200);
		assertDocumented("delete", "/api/v1/files/{id}/versions/{number}",
				alice.send(alice.apiRequest("/api/v1/files/" + id + "/versions/1").DELETE().build()), 204);
		assertDocumented("delete", "/api/v1/files/{id}/versions/{number}",
				alice.send(alice.apiRequest("/api/v1/files/" + id + "/versions/2").DELETE().build()), 409);
		assertDocumented("post", "/api/v1/files/{id}/comments",
				alice.send(json("/api/v1/files/" + id + "/comments", "{\"body\":\"fine\"}")), 201);
		HttpResponse<String> folder = alice.send(json("/api/v1/folders", "{\"name\":\"Sample\"}"));
		assertDocumented("post", "/api/v1/folders", folder, 201);
		assertDocumented("post", "/api/v1/folders", alice.send(json("/api/v1/folders", "{\"name\":\"Sample\"}")), 409);
		assertDocumented("get", "/api/v1/folders/{id}/zip",
				alice.send(alice.apiRequest("/api/v1/folders/" + idOf(folder) + "/zip").GET().build()), 400);
		assertDocumented("delete", "/api/v1/folders/{id}",
				alice.send(alice.apiRequest("/api/v1/folders/" + idOf(folder)).DELETE().build()), 204);
		assertDocumented("delete", "/api/v1/files/{id}",
				alice.send(alice.apiRequest("/api/v1/files/" + id).DELETE().build()), 204);
		assertDocumented("get", "/api/v1/me",
				server.client()
					.send(server.client().request("/api/v1/me").header("Accept", "application/json").GET().build()),
				401);
		assertDocumented("post", "/api/v1/oauth/token",
				server.client()
					.send(server.client()
						.request("/api/v1/oauth/token")
						.header("Content-Type", "application/x-www-form-urlencoded")
						.POST(BodyPublishers.ofString("grant_type=password"))
						.build()),
				400);
	}

	/**
	 * The answer has {@code status}, the document lists it for the operation, and with
	 * the answer's media type if it has a body (none if it has not).
	 */
	private static void assertDocumented(String method, String path, HttpResponse<String> answer, int status) {
		String operation = method.toUpperCase() + " " + path;
		assertThat(answer.statusCode()).as(operation + ": " + answer.body()).isEqualTo(status);
		JsonNode response = document.path("paths").path(path).path(method).path("responses").path("" + status);
		assertThat(response.isMissingNode()).as(operation + " documents " + status).isFalse();
		String type = answer.headers().firstValue("Content-Type").map((t) -> t.replaceAll(";.*", "")).orElse(null);
		if (type == null || answer.body().isEmpty()) {
			assertThat(response.has("content")).as(operation + " " + status + " documents no body").isFalse();
		}
		else {
			assertThat(response.path("content").propertyNames()).as(operation + " " + status + " media types")
				.contains(type);
		}
	}

	private static List<String> statuses(String method, String path) {
		return new ArrayList<>(document.path("paths").path(path).path(method).path("responses").propertyNames());
	}

	private static void forEachOperation(java.util.function.BiConsumer<String, JsonNode> action) {
		for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
			for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
				action.accept(operation.getKey().toUpperCase() + " " + path.getKey(), operation.getValue());
			}
		}
	}

	private static HttpRequest raw(String path, String content) {
		return alice.apiRequest(path)
			.header("Content-Type", "application/octet-stream")
			.PUT(BodyPublishers.ofString(content))
			.build();
	}

	private static HttpRequest json(String path, String body) {
		return alice.apiRequest(path)
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(body))
			.build();
	}

	private static String idOf(HttpResponse<String> response) {
		Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(response.body());
		assertThat(id.find()).as(response.body()).isTrue();
		return id.group(1);
	}

}
