package dev.coffer.server.files;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A multipart upload carries at most {@code coffer.files.max-files-per-request} files
 * (set to 5 here) and a few form fields; more is a 413 that stores nothing. A multipart
 * upload is all or nothing: the files appear together once the whole body is read, or
 * none does.
 */
class UploadPartLimitsTest {

	static final String PASSWORD = "correct horse battery staple";

	static TestServer server;

	static WebClient alice;

	@BeforeAll
	static void start() {
		server = TestServer.start("coffer.files.max-files-per-request=5", "coffer.files.default-quota=1KB");
		server.client().signUp("parts-alice", PASSWORD);
		alice = server.client();
		alice.login("parts-alice", PASSWORD);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void multipartUpload_withMoreFilesThanTheCap_is413AndStoresNothing() {
		long blobsBefore = blobObjectCount();
		HttpResponse<String> response = upload(files("over-", 6, 10), Map.of());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(response.body()).contains("at most 5 files");
		assertThat(names()).doesNotContain("over-");
		assertThat(blobObjectCount()).isEqualTo(blobsBefore);
	}

	@Test
	void multipartUpload_withManyFormFields_is413AndStoresNothing() {
		Map<String, String> fields = new LinkedHashMap<>();
		for (int i = 0; i < 300; i++) {
			fields.put("field" + i, "x");
		}
		long blobsBefore = blobObjectCount();
		HttpResponse<String> response = upload(files("fields-", 1, 10), fields);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
		assertThat(response.body()).contains("too many fields");
		assertThat(names()).doesNotContain("fields-");
		assertThat(blobObjectCount()).isEqualTo(blobsBefore);
	}

	@Test
	void multipartUpload_atTheCap_storesEveryFile() {
		HttpResponse<String> response = upload(files("fits-", 5, 10), Map.of());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		assertThat(names()).contains("fits-1.txt", "fits-5.txt");
	}

	@Test
	void multipartUpload_goingOverTheQuotaWithItsLastFile_storesNoneOfItsFiles() {
		long blobsBefore = blobObjectCount();
		// 1 KB quota: each file fits, the three together do not.
		HttpResponse<String> response = upload(files("quota-", 3, 400), Map.of());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
		assertThat(names()).doesNotContain("quota-");
		assertThat(blobObjectCount()).isEqualTo(blobsBefore);
	}

	private static Map<String, byte[]> files(String prefix, int count, int size) {
		Map<String, byte[]> files = new LinkedHashMap<>();
		for (int i = 1; i <= count; i++) {
			files.put(prefix + i + ".txt", "x".repeat(size).getBytes(StandardCharsets.UTF_8));
		}
		return files;
	}

	private static HttpResponse<String> upload(Map<String, byte[]> files, Map<String, String> fields) {
		String boundary = "----coffer" + System.nanoTime();
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		fields.forEach((name, value) -> write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\""
				+ name + "\"\r\n\r\n" + value + "\r\n"));
		files.forEach((name, content) -> {
			write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
					+ "\"\r\nContent-Type: text/plain\r\n\r\n");
			body.writeBytes(content);
			write(body, "\r\n");
		});
		write(body, "--" + boundary + "--\r\n");
		// Chunked, without Content-Length: the limits must hold while the body streams,
		// not only when a size is declared up front.
		byte[] bytes = body.toByteArray();
		return alice.send(alice.apiRequest("/api/v1/files")
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
			.build());
	}

	private static void write(ByteArrayOutputStream body, String text) {
		body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
	}

	private static String names() {
		return alice.send(alice.apiRequest("/api/v1/files/names").GET().build()).body();
	}

	private static long blobObjectCount() {
		Path blobs = server.dataDir().resolve("blobs");
		if (!Files.isDirectory(blobs)) {
			return 0;
		}
		try (Stream<Path> paths = Files.walk(blobs)) {
			return paths.filter(Files::isRegularFile).count();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
