package dev.coffer.server.browser;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

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
 * An image's preview on its file page, and its thumbnail in a folder listing, in a real
 * browser: loaded from the sandboxed addresses and decoded by the browser, with nothing
 * refused by the page's or the image's Content-Security-Policy.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PreviewBrowserTest {

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
	void filePage_ofAnImage_showsItsPreview() throws IOException {
		WebClient api = server.signedUp("petra", PASSWORD);
		String id = ApiFixtures.upload(api, "sunset.jpg", jpeg(320, 200)).get("id").asString();

		try (Browser browser = Browser.open(server)) {
			browser.signIn("petra", PASSWORD);
			browser.visit("/files/" + id);
			WebElement image = browser.find(By.cssSelector(".file-preview img.preview-image"));
			browser.waitUntil("the preview decoded",
					(driver) -> ((Number) browser.script("return arguments[0].naturalWidth", image)).intValue() > 0);
			assertThat(browser.script("return [arguments[0].naturalWidth, arguments[0].naturalHeight]", image))
				.asString()
				.isEqualTo("[320, 200]");
			assertThat(image.getAttribute("alt")).isEqualTo("Preview of sunset.jpg");
			browser.assertConsoleClean();
			browser.screenshot(SCREENSHOTS, "file-preview.png");
		}
	}

	@Test
	void folderListing_showsAThumbnailOfAnImage() throws IOException {
		WebClient api = server.signedUp("quentin", PASSWORD);
		String id = ApiFixtures.upload(api, "landscape.jpg", jpeg(1200, 600)).get("id").asString();

		try (Browser browser = Browser.open(server)) {
			browser.signIn("quentin", PASSWORD);
			browser.visit("/files");
			WebElement image = browser.find(By.cssSelector("tr[data-file-id='" + id + "'] img.thumbnail"));
			browser.waitUntil("the thumbnail decoded",
					(driver) -> ((Number) browser.script("return arguments[0].naturalWidth", image)).intValue() > 0);
			assertThat(browser.script("return [arguments[0].naturalWidth, arguments[0].naturalHeight]", image))
				.asString()
				.isEqualTo("[256, 128]");
			browser.assertConsoleClean();
		}
	}

	private static byte[] jpeg(int width, int height) throws IOException {
		var image = new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
		for (int x = 0; x < width; x++) {
			for (int y = 0; y < height; y++) {
				// A sunset: orange above, darker towards the bottom.
				int fade = 255 - y * 200 / height;
				image.setRGB(x, y, (fade << 16) | ((fade * 140 / 255) << 8) | (40 + x * 60 / width));
			}
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, "jpg", out);
		return out.toByteArray();
	}

}
