package dev.coffer.server.browser;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

import dev.coffer.server.browser.UploadList.Row;
import dev.coffer.server.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Takes the screenshots of the web UI that the docs show, after checking that each page
 * is in the state the picture is meant to show. They go to {@code target/screenshots};
 * {@code -Dcoffer.screenshots=../docs/screenshots} refreshes the ones in the docs.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ScreenshotsBrowserTest {

	private static final String PASSWORD = "harbour pebble saffron 12";

	private static final Path SCREENSHOTS = Path.of(System.getProperty("coffer.screenshots", "target/screenshots"));

	private static TestServer server;

	private Browser browser;

	private UploadList uploads;

	@BeforeAll
	static void startServer() {
		Browser.assumeInstalled();
		// A small size limit, so that the upload rows can show a refused file.
		server = TestServer.start("coffer.files.max-upload-size=4MB");
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
		this.uploads = new UploadList(this.browser);
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.close();
		}
	}

	@Test
	void signInPage() throws IOException {
		this.browser.visit("/login");
		assertThat(this.browser.find(By.tagName("h1")).getText()).isEqualTo("Sign in");
		assertScreenshot("sign-in.png", Browser.DESKTOP);
	}

	@Test
	void filesPages_onDesktopAndPhone(@TempDir Path temp) throws IOException {
		this.browser.signUp("alice", PASSWORD);
		this.browser.signIn("alice", PASSWORD);
		Map<String, byte[]> files = new LinkedHashMap<>();
		files.put("budget-2026.xlsx", new byte[48_213]);
		files.put("team photo.jpg", new byte[3_407_872]);
		files.put("meeting notes.md", "# Notes\n".repeat(300).getBytes(StandardCharsets.UTF_8));
		dropAndWaitForTheList(files);

		// Three versions of one file: two more through the file page's version form.
		this.browser.clickAndWaitForPage(By.linkText("meeting notes.md"));
		for (int version = 2; version <= 3; version++) {
			Path next = Files.writeString(temp.resolve("notes-v" + version + ".md"), "# Meeting notes, version "
					+ version + "\n" + "- agreed on the next steps\n".repeat(150 * version));
			WebElement page = this.browser.find(By.tagName("html"));
			this.browser.find(By.id("version-input")).sendKeys(next.toString());
			this.browser.waitForNewPage(page);
		}
		assertThat(this.browser.findAll(By.cssSelector("table.versions tbody tr"))).hasSize(3);
		assertScreenshot("file-versions.png", Browser.DESKTOP);

		// The upload rows stay under the drop zone, and the files join the list as
		// they arrive; a file over the size limit is refused at once.
		this.browser.visit("/files");
		Map<String, byte[]> batch = new LinkedHashMap<>();
		batch.put("slides.pdf", new byte[912_384]);
		batch.put("screen recording.mov", new byte[5 * 1024 * 1024]);
		this.uploads.drop("upload-form", batch);
		this.browser.waitUntil("upload finished", (d) -> this.uploads.rows().get(0).done());
		assertThat(this.uploads.rows()).hasSize(2);
		assertThat(this.uploads.rows().get(0)).isEqualTo(new Row("slides.pdf (891 KiB)", "Done: version 1", 100, true));
		assertThat(this.uploads.rows().get(1))
			.isEqualTo(new Row("screen recording.mov (5 MiB)", "Too large: files can be at most 4 MiB.", 0, false));
		this.browser.waitUntil("slides.pdf listed",
				(d) -> this.browser.findAll(By.cssSelector("table.files tbody tr")).size() == 4);
		assertScreenshot("files.png", Browser.DESKTOP);

		this.browser.visit("/files");
		this.browser.resize(Browser.PHONE);
		assertThat(this.browser.findAll(By.cssSelector("table.files tbody tr"))).hasSize(4);
		assertThat(this.browser.horizontalOverflow()).isNotPositive();
		assertScreenshot("files-phone.png", Browser.PHONE);
	}

	private void dropAndWaitForTheList(Map<String, byte[]> files) {
		this.uploads.drop("upload-form", files);
		this.browser.waitUntil("all files listed",
				(d) -> this.browser.findAll(By.cssSelector("table.files tbody tr")).size() == files.size());
	}

	/** Saves a screenshot and checks it is a PNG of the whole window. */
	private void assertScreenshot(String name, Dimension window) throws IOException {
		Path file = this.browser.screenshot(SCREENSHOTS, name);
		BufferedImage image = ImageIO.read(file.toFile());
		assertThat(image).as(name).isNotNull();
		assertThat(new Dimension(image.getWidth(), image.getHeight())).as(name).isEqualTo(window);
	}

}
