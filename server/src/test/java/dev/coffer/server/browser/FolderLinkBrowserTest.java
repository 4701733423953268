package dev.coffer.server.browser;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A link to a folder in a real browser: the owner makes it on the folder's page and
 * copies it; a visitor without an account opens it, goes into a folder inside, downloads
 * a file, and sees the page fit a phone.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FolderLinkBrowserTest {

	private static final String PASSWORD = "copper kettle on the orbit";

	private static final Path SCREENSHOTS = Path.of(System.getProperty("coffer.screenshots", "target/screenshots"));

	private static TestServer server;

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

	@Test
	void theOwnerMakesALinkOnTheFolderPage_andAVisitorBrowsesAndDownloads() {
		WebClient api = server.signedUp("mira", PASSWORD);
		String project = ApiFixtures.createFolder(api, "Project Kestrel", "root").get("id").asString();
		String drawings = ApiFixtures.createFolder(api, "Drawings", project).get("id").asString();
		byte[] plan = "floor plan, level 2".getBytes(StandardCharsets.UTF_8);
		ApiFixtures.upload(api, project, "budget.txt", "numbers".getBytes(StandardCharsets.UTF_8));
		ApiFixtures.upload(api, drawings, "plan.txt", plan);

		String url;
		try (Browser owner = Browser.open(server)) {
			owner.signIn("mira", PASSWORD);
			owner.visit("/files?folder=" + project);
			owner.find(By.cssSelector("details.folder-links summary")).click();
			owner.type(By.id("folder-link-max"), "10");
			owner.clickAndWaitForPage(By.cssSelector("form.folder-link-form button[type=submit]"));
			url = owner.find(By.cssSelector("details.folder-links input.copyable")).getAttribute("value");
			assertThat(owner.findAll(By.cssSelector("table.folder-link-list .link-status"))
				.stream()
				.map(WebElement::getText)).containsExactly("active");
		}
		String path = url.substring(url.indexOf("/s/"));

		try (Browser visitor = Browser.open(server)) {
			visitor.visit(path);
			assertThat(visitor.find(By.tagName("h1")).getText()).isEqualTo("Project Kestrel");
			assertThat(visitor.findAll(By.cssSelector("a.folder-name")).stream().map(WebElement::getText))
				.containsExactly("Drawings");
			assertThat(visitor.findAll(By.cssSelector("td.file-name")).stream().map(WebElement::getText))
				.containsExactly("budget.txt");
			visitor.screenshot(SCREENSHOTS, "folder-link.png");

			visitor.clickAndWaitForPage(By.linkText("Drawings"));
			assertThat(visitor.findAll(By.cssSelector("nav.breadcrumbs li")).stream().map(WebElement::getText))
				.containsExactly("Project Kestrel", "Drawings");
			visitor.find(By.cssSelector("a[aria-label='Download plan.txt']")).click();
			assertThat(visitor.downloaded("plan.txt", plan.length)).isEqualTo(plan);

			visitor.resize(Browser.PHONE);
			assertThat(visitor.horizontalOverflow()).as("sideways scrolling on a phone").isLessThanOrEqualTo(0);
			visitor.assertConsoleClean();
		}
	}

}
