package dev.coffer.server.files;

import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets a clear 4xx and stores nothing. */
class FileInputValidationTest {

	static final String PASSWORD = "correct horse battery staple";

	static TestServer server;

	static WebClient user;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		user = server.client();
		user.signUp("validator", PASSWORD);
		user.login("validator", PASSWORD);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void badFileNames_are400_andStoreNothing() throws Exception {
		String[] names = { "", "   ", ".", "..", "a/b.txt", "a\\b.txt", "nul\u0000byte", "bell\u0007.txt",
				"line\nbreak.txt", "tab\t.txt", "evil\u202Etxt.exe", "x".repeat(256), "é".repeat(128), "trailing.txt ",
				" leading.txt" };
		for (String name : names) {
			HttpResponse<String> response = put(name, "content".getBytes());
			assertThat(response.statusCode()).as(printable(name)).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type").orElseThrow()).as(printable(name))
				.startsWith("application/problem+json");
			assertThat(response.body()).as(printable(name)).contains("\"field\":\"name\"");
		}
		assertThat(list()).isEqualTo("[]");
		assertThat(FileStorageTest.countObjects(server)).isZero();
		assertThat(FileStorageTest.countTemporaries(server)).isZero();
	}

	@Test
	void nameOfExactly255Utf8Bytes_isAccepted() {
		String name = "é".repeat(127) + "x"; // 254 + 1 bytes
		assertThat(put(name, "ok".getBytes()).statusCode()).isEqualTo(201);
		deleteAll();
	}

	@Test
	void decomposedUnicodeNames_areStoredComposed_andMeetTheComposedName() {
		String composed = "Café.txt";
		String decomposed = Normalizer.normalize(composed, Normalizer.Form.NFD);
		assertThat(decomposed).isNotEqualTo(composed);
		HttpResponse<String> first = put(decomposed, "one".getBytes());
		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(first.body()).contains("\"name\":\"" + composed + "\"");
		HttpResponse<String> second = put(composed, "two".getBytes());
		assertThat(second.statusCode()).isEqualTo(200);
		assertThat(second.body()).contains("\"currentVersion\":2");
		deleteAll();
	}

	@Test
	void emptyBody_storesAnEmptyFile_thatDownloadsEmpty() throws Exception {
		HttpResponse<String> response = put("empty.txt", new byte[0]);
		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(response.body()).contains("\"size\":0")
			.contains("\"sha256\":\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"");
		String id = response.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
		HttpResponse<byte[]> download = user
			.sendForBytes(user.apiRequest("/api/v1/files/" + id + "/content").GET().build());
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.body()).isEmpty();
		assertThat(user
			.sendForBytes(
					user.apiRequest("/api/v1/files/" + id + "/content").header("Range", "bytes=0-10").GET().build())
			.statusCode()).as("no byte to give").isEqualTo(416);
		assertThat(user.send(user.apiRequest("/api/v1/files/" + id).DELETE().build()).statusCode()).isEqualTo(204);
	}

	@Test
	void formBodyOnPut_is415() {
		HttpResponse<String> response = user.send(user.apiRequest("/api/v1/files?name=form.txt")
			.header("Content-Type", "multipart/form-data; boundary=x")
			.PUT(BodyPublishers.ofString("--x--"))
			.build());
		assertThat(response.statusCode()).isEqualTo(415);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(list()).isEqualTo("[]");
	}

	@Test
	void nonMultipartPost_is415() {
		HttpResponse<String> response = user.send(user.apiRequest("/api/v1/files")
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("{\"name\":\"x\"}"))
			.build());
		assertThat(response.statusCode()).isEqualTo(415);
		assertThat(list()).isEqualTo("[]");
	}

	@Test
	void unknownFileId_is404_everywhere_andOneThatIsNoId_400() {
		String unknown = "00000000-0000-0000-0000-000000000000";
		for (String id : new String[] { unknown, "no-such-id" }) {
			String[] paths = { "/api/v1/files/" + id, "/api/v1/files/" + id + "/content",
					"/api/v1/files/" + id + "/versions", "/api/v1/files/" + id + "/versions/1/content" };
			for (String path : paths) {
				HttpResponse<String> response = user.send(user.apiRequest(path).GET().build());
				assertThat(response.statusCode()).as(path).isEqualTo(id.equals(unknown) ? 404 : 400);
				assertThat(response.body()).as(path).doesNotContain("Exception");
			}
		}
	}

	@Test
	void renameToABadName_is400_andKeepsTheOldName() {
		String id = FilesApiTest.idOf(put("keep.txt", "x".getBytes()));
		HttpResponse<String> response = user.send(user.apiRequest("/api/v1/files/" + id)
			.header("Content-Type", "application/json")
			.method("PATCH", BodyPublishers.ofString("{\"name\":\"../../etc/passwd\"}"))
			.build());
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(list()).contains("keep.txt");
		deleteAll();
	}

	@Test
	void malformedJson_is400() {
		String id = FilesApiTest.idOf(put("json.txt", "x".getBytes()));
		HttpResponse<String> response = user.send(user.apiRequest("/api/v1/files/" + id)
			.header("Content-Type", "application/json")
			.method("PATCH", BodyPublishers.ofString("{\"name\":"))
			.build());
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("jackson");
		deleteAll();
	}

	static HttpResponse<String> put(String name, byte[] content) {
		return user.send(user.apiRequest("/api/v1/files?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8))
			.header("Content-Type", "application/octet-stream")
			.PUT(BodyPublishers.ofByteArray(content))
			.build());
	}

	static String list() {
		return user.send(user.apiRequest("/api/v1/files/names").GET().build()).body();
	}

	static void deleteAll() {
		var ids = java.util.regex.Pattern.compile("\"id\":\"([^\"]+)\"")
			.matcher(user.send(user.apiRequest("/api/v1/files").GET().build()).body());
		while (ids.find()) {
			user.send(user.apiRequest("/api/v1/files/" + ids.group(1)).DELETE().build());
		}
		// For good: the trash keeps what it holds in storage.
		user.send(user.apiRequest("/api/v1/trash").DELETE().build());
	}

	private static String printable(String name) {
		StringBuilder out = new StringBuilder();
		name.codePoints()
			.limit(40)
			.forEach((c) -> out.append((c < 32 || c == 0x202E) ? String.format("\\u%04x", c) : Character.toString(c)));
		return out.toString();
	}

}
