package dev.coffer.server.files;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.Map;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.Sizes;
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
		assertThat(badRename.statusCode()).isEqualTo(302);
		assertThat(browser.get("/files/" + id).body()).contains("cannot contain /");

		HttpResponse<String> deleteVersion = browser.submit("/files/" + id, "/files/" + id + "/versions/2/delete",
				Map.of());
		assertThat(deleteVersion.statusCode()).isEqualTo(302);
		assertThat(WebClient.html(browser.get("/files/" + id)).select("table.versions tbody tr")).hasSize(2);

		HttpResponse<String> delete = browser.submit("/files/" + id, "/files/" + id + "/delete", Map.of());
		assertThat(delete.statusCode()).isEqualTo(302);
		assertThat(browser.get("/files/" + id).statusCode()).isEqualTo(404);
	}

	@Test
	void filePage_ofAFileInAFolder_leadsBackThroughEveryFolderAboveIt() {
		String reports = FileFixtures.folder(browser, "Reports", FolderService.ROOT);
		String quarter = FileFixtures.folder(browser, "Q1", reports);
		String id = FileFixtures.uploadInto(browser, quarter, "summary.txt", "in a folder".getBytes());

		Document page = WebClient.html(browser.get("/files/" + id));
		assertThat(page.select("nav.breadcrumbs a").eachText()).containsExactly("My files", "Reports", "Q1");
		assertThat(page.select("nav.breadcrumbs a").eachAttr("href")).endsWith("/files?folder=" + reports,
				"/files?folder=" + quarter);
	}

	@Test
	void tickedRowForms_withNothingTicked_goBackToTheFolderWithOneMessage() {
		String folder = FileFixtures.folder(browser, "Nothing ticked", FolderService.ROOT);
		FileFixtures.uploadInto(browser, folder, "untouched.txt", "stays".getBytes());
		String page = "/files?folder=" + folder;
		for (String action : new String[] { "/files/zip", "/files/selection/move", "/files/selection/delete" }) {
			HttpResponse<String> posted = browser.submit(page, action, Map.of("from", folder, "to", "root"));
			assertThat(posted.statusCode()).as(action).isEqualTo(302);
			assertThat(posted.headers().firstValue("Location").orElseThrow()).as(action).endsWith(page);
			Document back = WebClient.html(browser.get(page));
			assertThat(back.select(".flash.error:not([hidden])").text()).as(action)
				.isEqualTo("Choose at least one file or folder first.");
			assertThat(back.select("#nothing-ticked").text()).isEqualTo(FolderForms.NOTHING_TICKED);
			assertThat(back.select("a.file-name").eachText()).as(action).containsExactly("untouched.txt");
		}
	}

	@Test
	void folderNameErrors_sayFolder_notFile() {
		String folder = FileFixtures.folder(browser, "Named", FolderService.ROOT);
		String page = "/files?folder=" + folder;

		browser.submit(page, "/files/folders", Map.of("parent", folder, "name", " "));
		assertThat(WebClient.html(browser.get(page)).select(".flash.error:not([hidden])").text())
			.isEqualTo("Give the folder a name.");
		browser.submit(page, "/files/folders/" + folder + "/rename", Map.of("name", "a/b"));
		assertThat(WebClient.html(browser.get(page)).select(".flash.error:not([hidden])").text())
			.isEqualTo("Folder names cannot contain / or \\.");
		browser.submit(page, "/files/folders", Map.of("parent", folder, "name", ".."));
		assertThat(WebClient.html(browser.get(page)).select(".flash.error:not([hidden])").text())
			.isEqualTo("\".\" and \"..\" cannot be folder names.");
	}

	@Test
	void deletingAFolderOrTheTickedRows_asksFirst_sayingTheyGoToTheTrash() {
		String folder = FileFixtures.folder(browser, "Asked first", FolderService.ROOT);
		FileFixtures.uploadInto(browser, folder, "inside.txt", "inside".getBytes());

		Document page = WebClient.html(browser.get("/files?folder=" + folder));
		assertThat(page.select("form[action=/files/folders/" + folder + "/delete]").attr("data-confirm"))
			.isEqualTo("Move Asked first and everything in it to the trash?");
		assertThat(page.select("button[formaction=/files/selection/delete]").attr("data-confirm"))
			.isEqualTo("Move the ticked files and folders to the trash?");
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
	void searchResults_sayWhichFolderEachFileIsIn_withALinkToIt() {
		WebClient searcher = server.client();
		searcher.signUp("searcher", PASSWORD);
		searcher.login("searcher", PASSWORD);
		String reports = FileFixtures.folder(searcher, "Reports", "root");
		String year = FileFixtures.folder(searcher, "2024", reports);
		FileFixtures.uploadInto(searcher, year, "plan.txt", "in 2024".getBytes());
		FilesApiTest.putAs(searcher, "plan-top.txt", "at the top".getBytes());

		Document results = WebClient.html(searcher.get("/files?q=plan"));
		assertThat(results.select("tr.file-row").eachText()).hasSize(2);
		assertThat(results.select("tr.file-row:has(a.file-name:contains(plan.txt)) a.file-folder").text())
			.isEqualTo("in Reports/2024");
		assertThat(results.select("tr.file-row:has(a.file-name:contains(plan.txt)) a.file-folder").attr("href"))
			.isEqualTo("/files?folder=" + year);
		assertThat(results.select("tr.file-row:has(a.file-name:contains(plan-top.txt)) a.file-folder").text())
			.isEqualTo("in My files");
		assertThat(WebClient.html(searcher.get("/files?folder=" + year)).select("a.file-folder"))
			.as("a folder's own listing does not repeat it")
			.isEmpty();
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

	@Test
	void names_sortNaturally_ignoringCaseAndAccents_andSearchIgnoresAccents() {
		WebClient other = server.client();
		other.signUp("collator", PASSWORD);
		other.login("collator", PASSWORD);
		for (String name : new String[] { "file10.txt", "Zoo.txt", "file2.txt", "Résumé.pdf", "File1.txt", "éclair.txt",
				"apple.txt" }) {
			FilesApiTest.putAs(other, name, name.getBytes());
		}
		assertThat(WebClient.html(other.get("/files")).select("a.file-name").eachText()).containsExactly("apple.txt",
				"éclair.txt", "File1.txt", "file2.txt", "file10.txt", "Résumé.pdf", "Zoo.txt");
		assertThat(WebClient.html(other.get("/files?sort=name&order=desc")).select("a.file-name").eachText())
			.containsExactly("Zoo.txt", "Résumé.pdf", "file10.txt", "file2.txt", "File1.txt", "éclair.txt",
					"apple.txt");
		assertThat(WebClient.html(other.get("/files?q=resume")).select("a.file-name").eachText())
			.containsExactly("Résumé.pdf");
		assertThat(WebClient.html(other.get("/files?q=ECLAIR")).select("a.file-name").eachText())
			.containsExactly("éclair.txt");
	}

	@Test
	void columnHeaders_areLinksThatSort_andSayWhichWay() {
		WebClient other = server.client();
		other.signUp("headers", PASSWORD);
		other.login("headers", PASSWORD);
		FilesApiTest.putAs(other, "b.txt", new byte[1]);
		Document page = WebClient.html(other.get("/files?q=b"));
		assertThat(page.select("table.files th[aria-sort]").eachAttr("aria-sort")).containsExactly("ascending");
		assertThat(page.select("table.files th a.sort-link").eachAttr("href")).containsExactly(
				"/files?q=b&sort=name&order=desc", "/files?q=b&sort=size&order=asc",
				"/files?q=b&sort=modified&order=asc");
		Document bySize = WebClient.html(other.get("/files?sort=size&order=desc"));
		assertThat(bySize.select("table.files th.sorted").attr("aria-sort")).isEqualTo("descending");
		assertThat(bySize.select("table.files th.sorted a").text()).startsWith("Size");
	}

	@Test
	void renameError_redirectsBackToTheForm_withTheMessageNextToTheField_andTheTypedName() {
		String id = FilesApiTest.idOf(FilesApiTest.putAs(browser, "prg-one.txt", "one".getBytes()));
		FilesApiTest.putAs(browser, "prg-two.txt", "two".getBytes());

		HttpResponse<String> taken = browser.submit("/files/" + id, "/files/" + id + "/rename",
				Map.of("name", "prg-two.txt"));
		assertThat(taken.statusCode()).as("post/redirect/get, never a page at the POST address").isEqualTo(302);
		assertThat(taken.headers().firstValue("Location").orElseThrow()).endsWith("/files/" + id + "#rename-form");

		Document page = WebClient.html(browser.get("/files/" + id));
		assertThat(page.select("#rename-form #name").attr("value")).isEqualTo("prg-two.txt");
		assertThat(page.select("#rename-form #name").hasClass("invalid")).isTrue();
		assertThat(page.select("#rename-form #name").attr("aria-describedby")).isEqualTo("name-error");
		assertThat(page.select("#rename-form #name-error").text()).containsIgnoringCase("already");
		assertThat(page.select(".flash.error")).as("the error is at the form, not at the top").isEmpty();
		assertThat(page.select("h1").text()).isEqualTo("prg-one.txt");

		Document reloaded = WebClient.html(browser.get("/files/" + id));
		assertThat(reloaded.select(".field-error")).as("shown once: a reload is a clean page").isEmpty();
		assertThat(reloaded.select("#rename-form #name").attr("value")).isEqualTo("prg-one.txt");
	}

	@Test
	void commentAndLinkErrors_comeBackToTheirFormsInTheirTabs_withWhatWasTyped() {
		String id = FilesApiTest.idOf(FilesApiTest.putAs(browser, "prg-tabs.txt", "tabs".getBytes()));

		String tooLong = "A long remark. ".repeat(134);
		HttpResponse<String> comment = browser.submit("/files/" + id, "/files/" + id + "/comments",
				Map.of("body", tooLong));
		assertThat(comment.statusCode()).isEqualTo(302);
		assertThat(comment.headers().firstValue("Location").orElseThrow()).endsWith("#comment-form");
		Document afterComment = WebClient.html(browser.get("/files/" + id));
		assertThat(afterComment.select("#comments #comment-form #comment-body-error").text())
			.contains("at most 2,000 characters");
		assertThat(afterComment.selectFirst("#comment-body").wholeText()).isEqualTo(tooLong);

		HttpResponse<String> link = browser.submit("/files/" + id, "/files/" + id + "/links", Map.of("expiresInDays",
				"7", "maxDownloads", "many", "password", "secret password", "version", "latest"));
		assertThat(link.statusCode()).isEqualTo(302);
		assertThat(link.headers().firstValue("Location").orElseThrow()).endsWith("#link-form");
		Document afterLink = WebClient.html(browser.get("/files/" + id));
		assertThat(afterLink.select("#links #link-form #link-error").text()).contains("whole number");
		assertThat(afterLink.select("#link-max-downloads").attr("value")).isEqualTo("many");
		assertThat(afterLink.select("#link-max-downloads").hasClass("invalid")).isTrue();
		assertThat(afterLink.select("#link-expires").attr("value")).isEqualTo("7");
		assertThat(afterLink.select("#link-password").attr("value")).as("a password is never sent back").isEmpty();
		assertThat(afterLink.body().html()).doesNotContain("secret password");
	}

	@Test
	void filePage_hasOneTabPerSection_linkingToTheSectionsOnThePage() {
		String id = FilesApiTest.idOf(FilesApiTest.putAs(browser, "tabs.txt", "tabs".getBytes()));
		Document page = WebClient.html(browser.get("/files/" + id));
		assertThat(page.select("nav.file-tabs a").eachAttr("href")).containsExactly("#versions", "#sharing", "#links",
				"#comments", "#settings");
		for (String section : new String[] { "versions", "sharing", "links", "comments", "settings" }) {
			assertThat(page.select(".tab-panels > section.tab-panel#" + section)).as(section).hasSize(1);
		}
		assertThat(page.select("#settings #rename-form")).hasSize(1);
		assertThat(page.select("#versions #new-version-form")).hasSize(1);
	}

	@Test
	void sizes_areShownInBinaryUnits_andTheExactByteCountOnlyWhenItRounds() {
		String small = FilesApiTest.idOf(FilesApiTest.putAs(browser, "size-49.txt", new byte[49]));
		String large = FilesApiTest.idOf(FilesApiTest.putAs(browser, "size-40m.bin", new byte[1_572_864]));
		assertThat(fact(small, "Size")).isEqualTo("49 bytes");
		assertThat(fact(large, "Size")).isEqualTo("1.5 MiB (1,572,864 bytes)");
		Document list = WebClient.html(browser.get("/files?q=size-"));
		assertThat(list.select("td[data-label=Size]").eachText()).containsExactly("1.5 MiB", "49 bytes");
		assertThat(list.select(".usage").text()).matches(".* of 10 GiB used");
		assertThat(Sizes.format(40_000_000)).isEqualTo("38 MiB");
		assertThat(Sizes.parse("38 MiB")).hasValue(38L * 1024 * 1024);
		assertThat(Sizes.parse("1.5GiB")).hasValue(1536L * 1024 * 1024);
	}

	private String fact(String id, String name) {
		return WebClient.html(browser.get("/files/" + id)).select(".facts dt:containsOwn(" + name + ") + dd").text();
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
