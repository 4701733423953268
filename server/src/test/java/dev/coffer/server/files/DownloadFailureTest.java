package dev.coffer.server.files;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A download that fails before its first byte (the stored data fails authentication) is
 * answered with an error of its own, small or large: none of the headers of the data
 * response it replaces, a length that is the error body's.
 */
class DownloadFailureTest {

	static final String PASSWORD = "correct horse battery staple";

	static TestServer server;

	static WebClient alice;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		alice = server.signedUp("alice", PASSWORD);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void download_ofTamperedContent_is500Problem_withoutTheDownloadsHeaders() throws Exception {
		String path = "/api/v1/files/" + uploadAndTamper("tampered-whole.bin") + "/content";
		assertIsCleanProblem(alice.sendForBytes(alice.apiRequest(path).GET().build()));
	}

	@Test
	void rangedDownload_ofTamperedContent_is500Problem_withoutContentRange() throws Exception {
		String path = "/api/v1/files/" + uploadAndTamper("tampered-range.bin") + "/content";
		assertIsCleanProblem(alice.sendForBytes(alice.apiRequest(path).header("Range", "bytes=100-199").GET().build()));
	}

	@Test
	void largeDownload_whoseFirstSegmentIsTampered_is500Problem_withoutTheDownloadsHeaders() throws Exception {
		// Above one segment the content is decrypted on a second thread; its failure must
		// still reach the response before the first byte.
		String id = upload("tampered-large.bin", new byte[2 * 1024 * 1024 + 3]);
		FileFixtures.flipABitOfStoredContent(server, id, 1000);
		String path = "/api/v1/files/" + id + "/content";
		assertIsCleanProblem(alice.sendForBytes(alice.apiRequest(path).GET().build()));
		assertIsCleanProblem(
				alice.sendForBytes(alice.apiRequest(path).header("Range", "bytes=10-1500000").GET().build()));
	}

	private static void assertIsCleanProblem(HttpResponse<byte[]> response) {
		var headers = response.headers();
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(headers.firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("\"status\":500")
			.containsPattern("\"reference\":\"[0-9a-f]{8}\"");
		headers.firstValueAsLong("Content-Length")
			.ifPresent((length) -> assertThat(length).isEqualTo(response.body().length));
		assertThat(headers.firstValue("Content-Range")).isEmpty();
		assertThat(headers.firstValue("Content-Disposition")).isEmpty();
		assertThat(headers.firstValue("ETag")).isEmpty();
		assertThat(headers.firstValue("Accept-Ranges")).isEmpty();
		// The security headers are written when the response commits: the reset keeps
		// them.
		assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(headers.firstValue("Content-Security-Policy")).isPresent();
	}

	/** Uploads 1000 bytes and flips one bit of their stored ciphertext. */
	private static String uploadAndTamper(String name) throws Exception {
		String id = upload(name, new byte[1000]);
		FileFixtures.flipABitOfStoredContent(server, id);
		return id;
	}

	private static String upload(String name, byte[] content) {
		HttpResponse<String> upload = alice.send(alice.apiRequest("/api/v1/files?name=" + name)
			.header("Content-Type", "application/octet-stream")
			.PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(content))
			.build());
		assertThat(upload.statusCode()).isEqualTo(201);
		Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(upload.body());
		assertThat(id.find()).isTrue();
		return id.group(1);
	}

}
