package dev.coffer.server.sharing.links;

import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Uploads files and makes links through the REST API, as the owner's browser would. */
final class LinkFixtures {

	static final String PASSWORD = "correct horse battery staple";

	static final JsonMapper JSON = JsonMapper.builder().build();

	private LinkFixtures() {
	}

	/** Uploads {@code content} as {@code name}; returns the file id. */
	static String upload(WebClient owner, String name, byte[] content) {
		HttpResponse<String> response = owner
			.send(owner.apiRequest("/api/v1/files?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8))
				.PUT(BodyPublishers.ofByteArray(content))
				.build());
		assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
		return json(response).get("id").asString();
	}

	static HttpResponse<String> createLink(WebClient owner, String fileId, String jsonBody) {
		return owner.send(owner.apiRequest("/api/v1/files/" + fileId + "/links")
			.setHeader("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(jsonBody))
			.build());
	}

	/** Makes a link and returns its token. */
	static String linkToken(WebClient owner, String fileId, String jsonBody) {
		HttpResponse<String> response = createLink(owner, fileId, jsonBody);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return json(response).get("token").asString();
	}

	static HttpResponse<String> listLinks(WebClient client, String fileId) {
		return client.send(client.apiRequest("/api/v1/files/" + fileId + "/links").GET().build());
	}

	static HttpResponse<String> revokeLink(WebClient client, String fileId, String linkId) {
		return client.send(client.apiRequest("/api/v1/files/" + fileId + "/links/" + linkId).DELETE().build());
	}

	/** Shares the owner's file with {@code user} through the API. */
	static HttpResponse<String> share(WebClient owner, String fileId, String user, String permission) {
		return owner.send(owner.apiRequest("/api/v1/files/" + fileId + "/shares/" + user)
			.setHeader("Content-Type", "application/json")
			.PUT(BodyPublishers.ofString("{\"permission\":\"" + permission + "\"}"))
			.build());
	}

	/** Sets whether editors may make links to the file, with this JSON body. */
	static HttpResponse<String> setPolicy(WebClient client, String fileId, String body) {
		return client.send(client.apiRequest("/api/v1/files/" + fileId + "/link-policy")
			.setHeader("Content-Type", "application/json")
			.PUT(BodyPublishers.ofString(body))
			.build());
	}

	static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	static byte[] random(int size, long seed) {
		byte[] bytes = new byte[size];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

}
