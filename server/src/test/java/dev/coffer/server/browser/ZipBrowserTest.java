package dev.coffer.server.browser;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In Chromium: tick three of four files in "My files" and download them as one ZIP. The
 * checkboxes belong to the ZIP form by their {@code form} attribute, so this works
 * without script.
 */
class ZipBrowserTest {

	private static final String PASSWORD = "copper kettle on the orbit";

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
	void selectThreeFiles_andDownloadThemAsOneZip() throws IOException {
		WebClient api = server.signedUp("zara", PASSWORD);
		Map<String, String> files = new LinkedHashMap<>();
		files.put("alpha.txt", "first file");
		files.put("beta.csv", "a,b\n1,2\n");
		files.put("gamma notes.md", "# Gamma\n");
		files.put("delta.txt", "left out");
		files.forEach((name, content) -> ApiFixtures.upload(api, name, content.getBytes(StandardCharsets.UTF_8)));

		try (Browser browser = Browser.open(server)) {
			browser.signIn("zara", PASSWORD);
			browser.visit("/files");
			for (String name : new String[] { "alpha.txt", "beta.csv", "gamma notes.md" }) {
				browser.find(By.cssSelector("input.select-file[aria-label='Select " + name + "']")).click();
			}
			browser.find(By.cssSelector("#zip-form button[type=submit]")).click();
			byte[] zip = browser.downloaded("coffer-files-" + LocalDate.now(ZoneOffset.UTC) + ".zip");

			Map<String, String> entries = new LinkedHashMap<>();
			try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
				for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
					entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
				}
			}
			assertThat(entries).containsOnly(Map.entry("alpha.txt", "first file"), Map.entry("beta.csv", "a,b\n1,2\n"),
					Map.entry("gamma notes.md", "# Gamma\n"));
			browser.assertConsoleClean();
		}
	}

	@Test
	void tickFilesAndAFolder_andDeleteThemAfterConfirming() {
		WebClient api = server.signedUp("yann", PASSWORD);
		for (String name : new String[] { "one.txt", "two.txt", "three.txt" }) {
			ApiFixtures.upload(api, name, name.getBytes(StandardCharsets.UTF_8));
		}
		assertThat(api
			.send(api.apiRequest("/api/v1/folders")
				.header("Content-Type", "application/json")
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":\"Old stuff\"}"))
				.build())
			.statusCode()).isEqualTo(201);

		try (Browser browser = Browser.open(server)) {
			browser.signIn("yann", PASSWORD);
			browser.visit("/files");
			By delete = By.xpath("//button[text()='Delete selected']");
			for (By button : new By[] { By.xpath("//button[text()='Download selected as ZIP']"), delete }) {
				browser.find(button).click();
				// A confirm left open would make this script fail.
				assertThat(browser.script("return document.getElementById('nothing-ticked').hidden")).isEqualTo(false);
				assertThat(browser.find(By.id("nothing-ticked")).getText())
					.isEqualTo("Choose at least one file or folder first.");
				assertThat(browser.currentPath()).isEqualTo("/files");
			}

			browser.find(By.cssSelector("input.select-file[aria-label='Select one.txt']")).click();
			browser.find(By.cssSelector("input.select-file[aria-label='Select two.txt']")).click();
			browser.find(By.cssSelector("input.select-folder[aria-label='Select folder Old stuff']")).click();
			browser.find(delete).click();
			Alert confirm = browser.waitUntil("confirmation", ExpectedConditions.alertIsPresent());
			assertThat(confirm.getText()).isEqualTo("Move the ticked files and folders to the trash?");
			confirm.dismiss();
			assertThat(browser.findAll(By.cssSelector("a.file-name")).stream().map(WebElement::getText))
				.as("nothing deleted when cancelled")
				.contains("one.txt", "two.txt", "three.txt");

			WebElement page = browser.find(By.tagName("html"));
			browser.find(delete).click();
			browser.waitUntil("confirmation", ExpectedConditions.alertIsPresent()).accept();
			browser.waitForNewPage(page);
			assertThat(browser.find(By.cssSelector(".flash.success")).getText())
				.isEqualTo("Moved 3 items to the trash.");
			assertThat(browser.findAll(By.cssSelector("a.file-name")).stream().map(WebElement::getText))
				.containsExactly("three.txt");
			assertThat(browser.findAll(By.cssSelector("a.folder-name"))).isEmpty();
			browser.assertConsoleClean();
		}
	}

}
