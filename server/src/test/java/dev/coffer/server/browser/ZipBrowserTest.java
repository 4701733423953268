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
import org.openqa.selenium.By;

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

}
