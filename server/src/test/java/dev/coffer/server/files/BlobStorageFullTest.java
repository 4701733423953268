package dev.coffer.server.files;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.support.SmallFileSystem;
import dev.coffer.server.support.TemporaryDirectories;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploads into a blob directory whose file system is full (a real tmpfs filled by a file;
 * the database lives elsewhere): the API answers 507 Insufficient Storage with a clear
 * detail, the web form goes back to the list with the same reason, and nothing is kept:
 * no file, no temporary object.
 */
class BlobStorageFullTest {

	static final String PASSWORD = "correct horse battery staple";

	static SmallFileSystem blobs;

	static TestServer server;

	static WebClient alice;

	@BeforeAll
	static void start() throws Exception {
		Path dataDir = TemporaryDirectories.create("coffer-test-").resolve("data");
		blobs = SmallFileSystem.mountAt(dataDir.resolve("blobs"), 8);
		server = TestServer.startIn(dataDir);
		alice = server.client();
		alice.signUp("alice", PASSWORD);
		alice.login("alice", PASSWORD);
	}

	@AfterAll
	static void stop() throws Exception {
		try {
			if (server != null) {
				server.stop();
			}
		}
		finally {
			if (blobs != null) {
				blobs.close();
			}
		}
	}

	@Test
	void apiUpload_toAFullDisk_is507Problem_storesNothing_andWorksOnceSpaceIsFreed() throws Exception {
		byte[] content = new byte[1024 * 1024];
		new Random(7).nextBytes(content);
		blobs.fill();
		try {
			HttpResponse<String> refused = put("too-much.bin", content);
			assertThat(refused.statusCode()).isEqualTo(507);
			assertThat(refused.headers().firstValue("Content-Type").orElseThrow())
				.startsWith("application/problem+json");
			assertThat(refused.body()).contains("\"status\":507").contains("out of storage space");
			assertThat(names()).doesNotContain("too-much.bin");
			assertThat(temporaryObjects()).isEmpty();
		}
		finally {
			blobs.free();
		}
		assertThat(put("too-much.bin", content).statusCode()).isEqualTo(201);
	}

	@Test
	void formUpload_toAFullDisk_comesBackToTheListWithTheReason_andStoresNothing() throws Exception {
		String action = WebClient.html(alice.get("/files")).selectFirst("#upload-form").attr("action");
		blobs.fill();
		try {
			String boundary = "----b" + System.nanoTime();
			HttpResponse<String> refused = alice.send(alice.request(action)
				.header("Content-Type", "multipart/form-data; boundary=" + boundary)
				.POST(BodyPublishers.ofString("--" + boundary
						+ "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"form.txt\"\r\n"
						+ "Content-Type: text/plain\r\n\r\n" + "x".repeat(300_000) + "\r\n--" + boundary + "--\r\n"))
				.build());
			// The page's forms post/redirect/get: the reason is shown on the list, and a
			// reload does not post the files again.
			assertThat(refused.statusCode()).isEqualTo(302);
			String location = java.net.URI.create(refused.headers().firstValue("Location").orElseThrow()).getPath();
			assertThat(location).isEqualTo("/files");
			assertThat(WebClient.html(alice.get(location)).select(".flash.error").text())
				.contains("out of storage space");
			assertThat(names()).doesNotContain("form.txt");
			assertThat(temporaryObjects()).isEmpty();
		}
		finally {
			blobs.free();
		}
	}

	private static HttpResponse<String> put(String name, byte[] content) {
		return alice.send(alice.apiRequest("/api/v1/files?name=" + name)
			.header("Content-Type", "application/octet-stream")
			.PUT(BodyPublishers.ofByteArray(content))
			.build());
	}

	private static String names() {
		HttpResponse<String> list = alice.get("/api/v1/files", "Accept", "application/json");
		assertThat(list.statusCode()).isEqualTo(200);
		return list.body();
	}

	private static java.util.List<Path> temporaryObjects() throws Exception {
		try (Stream<Path> files = Files.walk(blobs.root())) {
			return files.filter((f) -> f.getFileName().toString().startsWith(".tmp-")).toList();
		}
	}

}
