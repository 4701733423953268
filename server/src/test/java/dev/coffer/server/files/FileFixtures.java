package dev.coffer.server.files;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.server.storage.ObjectKeys;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Accounts, files and shares made through the API, for the tests of this package. */
final class FileFixtures {

	static final String PASSWORD = "correct horse battery staple";

	private FileFixtures() {
	}

	/** Uploads {@code content} as {@code name}; returns the file's id. */
	static String upload(WebClient client, String name, byte[] content) {
		return uploadInto(client, FolderService.ROOT, name, content);
	}

	/**
	 * Uploads {@code content} as {@code name} into folder {@code folderId}; returns its
	 * id.
	 */
	static String uploadInto(WebClient client, String folderId, String name, byte[] content) {
		HttpResponse<String> response = client.send(client
			.apiRequest(
					"/api/v1/files?folderId=" + folderId + "&name=" + URLEncoder.encode(name, StandardCharsets.UTF_8))
			.header("Content-Type", "application/octet-stream")
			.PUT(BodyPublishers.ofByteArray(content))
			.build());
		assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
		Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(response.body());
		assertThat(id.find()).isTrue();
		return id.group(1);
	}

	/**
	 * Flips one bit in the middle of the stored (encrypted) content of the file's current
	 * version, as a damaged disk or a tampering store would.
	 */
	static void flipABitOfStoredContent(TestServer server, String fileId) throws IOException {
		flipABitOfStoredContent(server, fileId, -1);
	}

	/**
	 * Flips a bit of the stored ciphertext of a file's current version at
	 * {@code position} of its first part, or in its middle if {@code position} is -1.
	 */
	static void flipABitOfStoredContent(TestServer server, String fileId, int position) throws IOException {
		String blobId = server.bean(JdbcClient.class)
			.sql("select v.blob_id from files f join file_versions v on v.id = f.current_version_id where f.id = ?")
			.param(fileId)
			.query(String.class)
			.single();
		Path object;
		try (Stream<Path> files = Files.walk(server.dataDir().resolve("blobs"))) {
			object = files.filter((file) -> file.getFileName().toString().equals(ObjectKeys.of(blobId, 0)))
				.findFirst()
				.orElseThrow();
		}
		byte[] bytes = Files.readAllBytes(object);
		bytes[(position < 0) ? bytes.length / 2 : position] ^= 0x01;
		Files.write(object, bytes);
	}

	/**
	 * Makes folder {@code name} in {@code parentId} ({@code root} for the top one);
	 * returns its id.
	 */
	static String folder(WebClient client, String name, String parentId) {
		HttpResponse<String> made = client.send(client.apiRequest("/api/v1/folders")
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("{\"name\":\"" + name + "\",\"parentId\":\"" + parentId + "\"}"))
			.build());
		assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
		Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(made.body());
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
