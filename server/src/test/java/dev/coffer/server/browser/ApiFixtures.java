package dev.coffer.server.browser;

import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the browser tests set up through the API, with a signed-in {@link WebClient}, so
 * that the browser only does what the test is about.
 */
final class ApiFixtures {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ApiFixtures() {
	}

	/** Uploads {@code content} as {@code name}; returns the file. */
	static JsonNode upload(WebClient owner, String name, byte[] content) {
		return expect(201,
				owner.send(owner.apiRequest("/api/v1/files?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8))
					.PUT(BodyPublishers.ofByteArray(content))
					.build()));
	}

	/** Makes a folder in {@code parentId} ({@code root}: the top folder); returns it. */
	static JsonNode createFolder(WebClient owner, String name, String parentId) {
		return expect(201,
				owner.send(owner.apiRequest("/api/v1/folders")
					.setHeader("Content-Type", "application/json")
					.POST(BodyPublishers.ofString("{\"name\":\"" + name + "\",\"parentId\":\"" + parentId + "\"}"))
					.build()));
	}

	/** Uploads {@code content} as {@code name} into a folder; returns the file. */
	static JsonNode upload(WebClient owner, String folderId, String name, byte[] content) {
		return expect(201, owner.send(owner
			.apiRequest(
					"/api/v1/files?folderId=" + folderId + "&name=" + URLEncoder.encode(name, StandardCharsets.UTF_8))
			.PUT(BodyPublishers.ofByteArray(content))
			.build()));
	}

	/**
	 * Makes a public link to a file; the answer holds its {@code id} and {@code token}.
	 */
	static JsonNode createLink(WebClient owner, String fileId, String jsonBody) {
		return expect(201,
				owner.send(owner.apiRequest("/api/v1/files/" + fileId + "/links")
					.setHeader("Content-Type", "application/json")
					.POST(BodyPublishers.ofString(jsonBody))
					.build()));
	}

	static void revokeLink(WebClient owner, String fileId, String linkId) {
		HttpResponse<String> response = owner
			.send(owner.apiRequest("/api/v1/files/" + fileId + "/links/" + linkId).DELETE().build());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
	}

	/** Makes a request link; the answer holds its {@code id} and {@code token}. */
	static JsonNode createRequest(WebClient owner, String jsonBody) {
		return expect(201,
				owner.send(owner.apiRequest("/api/v1/requests")
					.setHeader("Content-Type", "application/json")
					.POST(BodyPublishers.ofString(jsonBody))
					.build()));
	}

	/** Shares a file with another user. */
	static void share(WebClient owner, String fileId, String user, String permission) {
		HttpResponse<String> response = owner.send(owner.apiRequest("/api/v1/files/" + fileId + "/shares/" + user)
			.setHeader("Content-Type", "application/json")
			.PUT(BodyPublishers.ofString("{\"permission\":\"" + permission + "\"}"))
			.build());
		assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
	}

	private static JsonNode expect(int status, HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		return JSON.readTree(response.body());
	}

}
