package dev.coffer.server.browser;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Folders on "My files" in a real browser: make a tree with the forms, drag a file row
 * onto a folder row (folders.js), move another with the script-less Move form, follow the
 * breadcrumbs, and fit a phone's width.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FoldersBrowserTest {

	private static final String PASSWORD = "copper kettle on the orbit";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static TestServer server;

	private Browser browser;

	@BeforeAll
	static void startServer() {
		Browser.assumeInstalled();
		server = TestServer.start();
	}

	@AfterAll
	static void stopServer() {
		if (server != null) {
			server.close();
		}
	}

	@BeforeEach
	void openBrowser() {
		this.browser = Browser.open(server);
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.close();
		}
	}

	@Test
	void folderTree_dragAFileIntoAFolder_andMoveAnotherWithoutScript() {
		WebClient api = server.client();
		api.signUp("gardener", PASSWORD);
		api.login("gardener", PASSWORD);
		String dragged = ApiFixtures.upload(api, "dragged.txt", "drag me".getBytes(StandardCharsets.UTF_8))
			.get("id")
			.asString();
		ApiFixtures.upload(api, "moved by form.txt", "move me".getBytes(StandardCharsets.UTF_8));
		this.browser.signIn("gardener", PASSWORD);

		makeFolder("Projects");
		makeFolder("Archive");
		this.browser.clickAndWaitForPage(By.linkText("Projects"));
		makeFolder("2026");
		assertThat(this.browser.findAll(By.cssSelector(".breadcrumbs li")).stream().map((li) -> li.getText()))
			.containsExactly("My files", "Projects");
		this.browser.clickAndWaitForPage(By.cssSelector(".breadcrumbs a"));
		assertThat(this.browser.findAll(By.cssSelector("tr.folder-row .folder-name")).stream().map((a) -> a.getText()))
			.containsExactly("Archive", "Projects");

		// Drag: the row of dragged.txt onto the row of Projects.
		String projects = this.browser.find(By.xpath("//tr[contains(@class,'folder-row')][.//span[text()='Projects']]"))
			.getDomAttribute("data-folder-id");
		Object accepted = this.browser.script("""
				const [fileId, folderId] = arguments;
				const row = document.querySelector(`tr.file-row[data-file-id="${fileId}"]`);
				const target = document.querySelector(`tr.folder-row[data-folder-id="${folderId}"] td`);
				const transfer = new DataTransfer();
				const fire = (element, type) => element.dispatchEvent(
				    new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
				fire(row, 'dragstart');
				const accepted = !fire(target, 'dragover');
				fire(target, 'drop');
				return accepted;
				""", dragged, projects);
		assertThat(accepted).isEqualTo(true);
		this.browser.waitUntil("the file to leave the top folder",
				(driver) -> driver.findElements(By.linkText("dragged.txt")).isEmpty());
		assertThat(fileJson(api, dragged).get("folderId").asString()).isEqualTo(projects);

		// Without script: the Move form of the other file.
		this.browser.find(By.cssSelector("tr.file-row details.move-file summary")).click();
		new Select(this.browser.find(By.cssSelector("tr.file-row details.move-file select")))
			.selectByVisibleText("Archive");
		this.browser.clickAndWaitForPage(By.cssSelector("tr.file-row details.move-file button"));
		assertThat(this.browser.find(By.cssSelector(".flash.success")).getText())
			.isEqualTo("Moved \"moved by form.txt\" to \"Archive\".");
		assertThat(this.browser.findAll(By.cssSelector("tr.file-row"))).isEmpty();

		this.browser.clickAndWaitForPage(By.linkText("Projects"));
		assertThat(this.browser.findAll(By.cssSelector("tr.folder-row .folder-name")).stream().map((a) -> a.getText()))
			.containsExactly("2026");
		assertThat(this.browser.findAll(By.cssSelector("a.file-name")).stream().map((a) -> a.getText()))
			.containsExactly("dragged.txt");
		this.browser.resize(Browser.PHONE);
		assertThat(this.browser.horizontalOverflow()).isZero();
		this.browser.assertConsoleClean();
	}

	@Test
	void folderIcon_isASameOriginImage_notAnEmojiThatNeedsAFont() {
		WebClient api = server.client();
		api.signUp("iconic", PASSWORD);
		api.login("iconic", PASSWORD);
		ApiFixtures.createFolder(api, "Pictures", "root");
		this.browser.signIn("iconic", PASSWORD);
		this.browser.visit("/files");

		Object icon = this.browser.script("""
				const style = getComputedStyle(document.querySelector('a.folder-name'), '::before');
				return [style.content, style.maskImage || style.webkitMaskImage, style.width];
				""");
		assertThat(icon).asInstanceOf(InstanceOfAssertFactories.LIST)
			.satisfiesExactly((content) -> assertThat(content).isEqualTo("\"\""),
					(mask) -> assertThat((String) mask).startsWith("url(").endsWith("/css/folder.svg\")"),
					(width) -> assertThat((String) width).isNotEqualTo("0px"));
		assertThat(this.browser.script("""
				return fetch('/css/folder.svg').then((r) => r.status + ' ' + r.headers.get('Content-Type'));
				""")).asString().startsWith("200 image/svg+xml");
		this.browser.assertConsoleClean();
	}

	@Test
	void longestNames_wrapInsteadOfWideningThePage_onDesktopAndPhone() {
		WebClient api = server.client();
		api.signUp("longnames", PASSWORD);
		api.login("longnames", PASSWORD);
		String folder = ApiFixtures.createFolder(api, "F".repeat(255), "root").get("id").asString();
		String file = ApiFixtures.upload(api, "n".repeat(251) + ".txt", "long".getBytes(StandardCharsets.UTF_8))
			.get("id")
			.asString();
		ApiFixtures.upload(api, folder, "m".repeat(251) + ".txt", "inside".getBytes(StandardCharsets.UTF_8));
		this.browser.signIn("longnames", PASSWORD);

		for (String page : new String[] { "/files", "/files?folder=" + folder, "/files/" + file }) {
			for (var viewport : new Dimension[] { Browser.DESKTOP, Browser.PHONE }) {
				this.browser.resize(viewport);
				this.browser.visit(page);
				assertThat(this.browser.horizontalOverflow()).as(page + " at " + viewport).isZero();
				assertThat(this.browser.script("""
						return [...document.querySelectorAll('table.files a.button, table.files summary')]
						    .filter((label) => {
						        const range = document.createRange();
						        range.selectNodeContents(label);
						        return new Set([...range.getClientRects()].map((line) => line.top)).size > 1;
						    })
						    .map((label) => label.textContent);
						""")).as("buttons broken over lines on " + page + " at " + viewport)
					.asInstanceOf(InstanceOfAssertFactories.LIST)
					.isEmpty();
			}
		}
		this.browser.assertConsoleClean();
	}

	@Test
	void folderForms_haveTheTextInputsOfEveryOtherForm_onDesktopAndPhone() {
		WebClient api = server.client();
		api.signUp("inputs", PASSWORD);
		api.login("inputs", PASSWORD);
		String folder = ApiFixtures.createFolder(api, "Styled", "root").get("id").asString();
		this.browser.signIn("inputs", PASSWORD);

		for (Dimension viewport : new Dimension[] { Browser.DESKTOP, Browser.PHONE }) {
			this.browser.resize(viewport);
			this.browser.visit("/files?folder=" + folder);
			// The look of a text input anywhere on the site (its one rule in coffer.css).
			this.browser.script("""
					const model = document.createElement('input');
					model.type = 'text';
					model.id = 'model-input';
					document.querySelector('main').append(model);
					""");
			String model = inputLook("model-input");
			for (String input : new String[] { "new-folder-name", "rename-folder-name", "share-folder-user" }) {
				assertThat(inputLook(input)).as(input + " at " + viewport).isEqualTo(model);
			}
		}
	}

	/** Height, padding, border and font of an input, as the browser draws them. */
	private String inputLook(String id) {
		return (String) this.browser.script("""
				const style = getComputedStyle(document.getElementById(arguments[0]));
				return [style.height, style.padding, style.border, style.borderRadius, style.fontSize,
				    style.backgroundColor].join(' | ');
				""", id);
	}

	private void makeFolder(String name) {
		this.browser.type(By.id("new-folder-name"), name);
		this.browser.clickAndWaitForPage(By.cssSelector("form[action='/files/folders'] button"));
		assertThat(this.browser.find(By.cssSelector(".flash.success")).getText())
			.isEqualTo("Made the folder \"" + name + "\".");
	}

	private static JsonNode fileJson(WebClient api, String id) {
		return JSON.readTree(api.send(api.apiRequest("/api/v1/files/" + id).GET().build()).body());
	}

}
