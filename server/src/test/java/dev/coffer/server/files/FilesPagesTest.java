package dev.coffer.server.files;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.Map;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The "My files" pages, used as a browser without JavaScript would use them. */
class FilesPagesTest {

	static final String PASSWORD = "correct horse battery staple";

	static TestServer server;

	static WebClient browser;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		browser = server.client();
		browser.signUp("pages", PASSWORD);
		browser.login("pages", PASSWORD);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void home_leadsToMyFiles() {
		HttpResponse<String> home = browser.get("/");
		assertThat(home.statusCode()).isEqualTo(302);
		assertThat(home.headers().firstValue("Location").orElseThrow()).endsWith("/files");
	}

	@Test
	void multipartFormUpload_withoutJavaScript_listsTheFile() {
		HttpResponse<String> upload = postMultipartForm("/files", "form-upload.txt", "uploaded by a form");
		assertThat(upload.statusCode()).isEqualTo(302);
		Document list = WebClient.html(browser.get("/files"));
		assertThat(list.select("a.file-name").eachText()).contains("form-upload.txt");
		assertThat(list.text()).contains("Uploaded 1 file.");
	}

	@Test
	void multipartFormUpload_withoutCsrfToken_is403() {
		String boundary = "----b" + System.nanoTime();
		HttpResponse<String> response = browser.send(browser.request("/files")
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(BodyPublishers.ofString(multipart(boundary, "forged.txt", "forged")))
			.build());
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(browser.get("/files").body()).doesNotContain("forged.txt");
	}

	@Test
	void detailPage_showsVersions_andFormsRenameRestoreAndDelete() {
		String id = FilesApiTest.idOf(FilesApiTest.putAs(browser, "lifecycle.txt", "version one".getBytes()));
		FilesApiTest.putAs(browser, "lifecycle.txt", "version two".getBytes());

		Document detail = WebClient.html(browser.get("/files/" + id));
		assertThat(detail.select("h1").text()).isEqualTo("lifecycle.txt");
		assertThat(detail.select("table.versions tbody tr")).hasSize(2);
		assertThat(detail.select("code.hash").first().text()).matches("[0-9a-f]{64}");

		HttpResponse<String> restore = browser.submit("/files/" + id, "/files/" + id + "/versions/1/restore", Map.of());
		assertThat(restore.statusCode()).isEqualTo(302);
		assertThat(browser.get("/files/" + id).body()).contains("Version 1 restored as version 3.");

		HttpResponse<String> rename = browser.submit("/files/" + id, "/files/" + id + "/rename",
				Map.of("name", "renamed.txt"));
		assertThat(rename.statusCode()).isEqualTo(302);
		assertThat(WebClient.html(browser.get("/files/" + id)).select("h1").text()).isEqualTo("renamed.txt");

		HttpResponse<String> badRename = browser.submit("/files/" + id, "/files/" + id + "/rename",
				Map.of("name", "a/b"));
		assertThat(badRename.statusCode()).isEqualTo(400);
		assertThat(WebClient.html(badRename).select(".flash.error").text()).contains("cannot contain /");

		HttpResponse<String> deleteVersion = browser.submit("/files/" + id, "/files/" + id + "/versions/2/delete",
				Map.of());
		assertThat(deleteVersion.statusCode()).isEqualTo(302);
		assertThat(WebClient.html(browser.get("/files/" + id)).select("table.versions tbody tr")).hasSize(2);

		HttpResponse<String> delete = browser.submit("/files/" + id, "/files/" + id + "/delete", Map.of());
		assertThat(delete.statusCode()).isEqualTo(302);
		assertThat(browser.get("/files/" + id).statusCode()).isEqualTo(404);
	}

	@Test
	void fileNames_withMarkup_areShownEscaped_everywhere() {
		// No "/" (not allowed in names), so no closing tag; an opening one is enough to
		// inject.
		String name = "\"><img src=x onerror=alert(1)><script>alert(2).txt";
		String id = FilesApiTest.idOf(FilesApiTest.putAs(browser, name, "xss".getBytes()));
		for (String page : new String[] { "/files", "/files/" + id }) {
			HttpResponse<String> response = browser.get(page);
			Document html = WebClient.html(response);
			assertThat(html.select("img[src=x]")).as(page).isEmpty();
			assertThat(html.select("script:not([src])")).as(page).isEmpty();
			assertThat(response.body()).as(page).contains("&lt;script&gt;alert(2).txt");
		}
		browser.send(browser.apiRequest("/api/v1/files/" + id).DELETE().build());
	}

	@Test
	void listPage_searchesAndSorts() {
		WebClient other = server.client();
		other.signUp("sorter", PASSWORD);
		other.login("sorter", PASSWORD);
		FilesApiTest.putAs(other, "zebra.txt", new byte[10]);
		FilesApiTest.putAs(other, "apple.txt", new byte[30]);
		FilesApiTest.putAs(other, "mango.txt", new byte[20]);
		assertThat(WebClient.html(other.get("/files")).select("a.file-name").eachText()).containsExactly("apple.txt",
				"mango.txt", "zebra.txt");
		assertThat(WebClient.html(other.get("/files?sort=size&order=desc")).select("a.file-name").eachText())
			.containsExactly("apple.txt", "mango.txt", "zebra.txt");
		assertThat(WebClient.html(other.get("/files?sort=size&order=asc")).select("a.file-name").eachText())
			.containsExactly("zebra.txt", "mango.txt", "apple.txt");
		assertThat(WebClient.html(other.get("/files?q=an")).select("a.file-name").eachText())
			.containsExactly("mango.txt");
		assertThat(other.get("/files?q=nothing-matches").body()).contains("No file names contain");
	}

	private HttpResponse<String> postMultipartForm(String path, String fileName, String content) {
		// The form's action carries the CSRF token: multipart bodies are not parsed for
		// it.
		String action = WebClient.html(browser.get("/files")).selectFirst("#upload-form").attr("action");
		String boundary = "----b" + System.nanoTime();
		return browser.send(browser.request(action)
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(BodyPublishers.ofString(multipart(boundary, fileName, content)))
			.build());
	}

	private static String multipart(String boundary, String fileName, String content) {
		return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
				+ "\"\r\nContent-Type: text/plain\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
	}

}
