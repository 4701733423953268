package dev.coffer.server.files;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Accounts, files and shares made through the API, for the tests of this package. */
final class FileFixtures {

	static final String PASSWORD = "correct horse battery staple";

	private FileFixtures() {
	}

	static WebClient signedIn(TestServer server, String username) {
		WebClient client = server.client();
		client.signUp(username, PASSWORD);
		client.login(username, PASSWORD);
		return client;
	}

	/** Uploads {@code content} as {@code name}; returns the file's id. */
	static String upload(WebClient client, String name, byte[] content) {
		HttpResponse<String> response = client
			.send(client.apiRequest("/api/v1/files?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8))
				.header("Content-Type", "application/octet-stream")
				.PUT(BodyPublishers.ofByteArray(content))
				.build());
		assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
		Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(response.body());
		assertThat(id.find()).isTrue();
		return id.group(1);
	}

	/** Shares the owner's file with {@code username} for reading. */
	static void share(WebClient owner, String fileId, String username) {
		HttpRequest request = owner.apiRequest("/api/v1/files/" + fileId + "/shares/" + username)
			.header("Content-Type", "application/json")
			.PUT(BodyPublishers.ofString("{\"permission\":\"READ\"}"))
			.build();
		assertThat(owner.send(request).statusCode()).isIn(200, 201);
	}

}
