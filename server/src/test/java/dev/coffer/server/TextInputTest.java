package dev.coffer.server;

import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One rule ({@link TextRules}) for text wherever it enters: malformed Unicode (a lone
 * surrogate, which JSON escapes can carry), control characters, text-direction controls
 * and line separators are refused with a 400 that names the field, and nothing is stored.
 * JSON bodies are written by hand here, as an attacker would, so that escapes such as
 * {@code \ud800} reach the server unchanged.
 */
class TextInputTest {

	static final String PASSWORD = "correct horse battery staple";

	static TestServer server;

	static WebClient alice;

	static String fileId;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		server.client().signUp("text-alice", PASSWORD);
		alice = server.client();
		alice.login("text-alice", PASSWORD);
		HttpResponse<String> upload = alice
			.send(alice.apiRequest("/api/v1/files?name=notes.txt").PUT(BodyPublishers.ofString("hello")).build());
		assertThat(upload.statusCode()).isEqualTo(201);
		fileId = upload.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void link_withLoneSurrogateInPassword_is400NamingPassword_andCreatesNoLink() {
		HttpResponse<String> response = postJson("/api/v1/files/" + fileId + "/links",
				"{\"password\":\"abcdefgh\\ud800\"}");
		assertBadField(response, "password", "must be valid Unicode");
		assertThat(alice.send(alice.apiRequest("/api/v1/files/" + fileId + "/links").GET().build()).body())
			.isEqualTo("[]");
	}

	@Test
	void requestLink_withLoneSurrogateInPassword_is400NamingPassword_andCreatesNoRequest() {
		HttpResponse<String> response = postJson("/api/v1/requests",
				"{\"title\":\"Tax papers\",\"maxFiles\":5,\"maxBytes\":1000000,\"password\":\"abcdefgh\\udc00\"}");
		assertBadField(response, "password", "must be valid Unicode");
		assertThat(requests()).doesNotContain("Tax papers");
	}

	@Test
	void requestLink_withLoneSurrogateInTitle_is400NamingTitle_andCreatesNoRequest() {
		HttpResponse<String> response = postJson("/api/v1/requests",
				"{\"title\":\"Broken\\ud800 title\",\"maxFiles\":5,\"maxBytes\":1000000}");
		assertBadField(response, "title", "must be valid Unicode");
		assertThat(requests()).doesNotContain("Broken");
	}

	@Test
	void comment_withRightToLeftOverride_is400AndStoresNothing() {
		HttpResponse<String> response = postJson(commentsPath(), "{\"body\":\"invoice\\u202Efdp.exe\"}");
		assertBadField(response, "body", "text-direction");
		assertThat(comments()).doesNotContain("invoice");
	}

	@Test
	void comment_withLineSeparator_is400AndStoresNothing() {
		HttpResponse<String> response = postJson(commentsPath(), "{\"body\":\"first\\u2028second\"}");
		assertBadField(response, "body", "line separators");
		assertThat(comments()).doesNotContain("first");
	}

	@Test
	void comment_withLoneSurrogate_is400AndStoresNothing() {
		HttpResponse<String> response = postJson(commentsPath(), "{\"body\":\"half \\udbff of a pair\"}");
		assertBadField(response, "body", "must be valid Unicode");
		assertThat(comments()).doesNotContain("of a pair");
	}

	@Test
	void comment_withLineBreaksAndTabs_isStored() {
		HttpResponse<String> response = postJson(commentsPath(), "{\"body\":\"line one\\n\\tline two\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		assertThat(comments()).contains("line one\\n\\tline two");
	}

	@Test
	void upload_withLineSeparatorInName_is400NamingName_andStoresNothing() {
		String name = URLEncoder.encode("report\u2028.pdf", StandardCharsets.UTF_8);
		HttpResponse<String> response = alice
			.send(alice.apiRequest("/api/v1/files?name=" + name).PUT(BodyPublishers.ofString("x")).build());
		assertBadField(response, "name", "line separators");
		assertThat(fileNames()).doesNotContain("report");
	}

	@Test
	void rename_withLoneSurrogate_is400NamingName_andKeepsTheName() {
		HttpResponse<String> response = alice.send(alice.apiRequest("/api/v1/files/" + fileId)
			.header("Content-Type", "application/json")
			.method("PATCH", BodyPublishers.ofString("{\"name\":\"x\\ud800.txt\"}"))
			.build());
		assertBadField(response, "name", "must be valid Unicode");
		assertThat(fileNames()).contains("notes.txt");
	}

	private static HttpResponse<String> postJson(String path, String json) {
		return alice.send(alice.apiRequest(path)
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(json))
			.build());
	}

	private static void assertBadField(HttpResponse<String> response, String field, String message) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(response.body()).contains("\"field\":\"" + field + "\"").contains(message);
	}

	private static String commentsPath() {
		return "/api/v1/files/" + fileId + "/comments";
	}

	private static String comments() {
		return alice.send(alice.apiRequest(commentsPath()).GET().build()).body();
	}

	private static String requests() {
		return alice.send(alice.apiRequest("/api/v1/requests").GET().build()).body();
	}

	private static String fileNames() {
		return alice.send(alice.apiRequest("/api/v1/files/names").GET().build()).body();
	}

}
