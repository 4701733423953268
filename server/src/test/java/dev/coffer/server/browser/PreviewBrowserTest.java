package dev.coffer.server.browser;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import dev.coffer.server.support.SamplePdf;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An image's preview on its file page, its thumbnail in a folder listing, and a PDF drawn
 * by the PDF viewer page, in a real browser: loaded from the sandboxed addresses and
 * decoded by the browser (or PDF.js), with nothing refused by the page's or the preview's
 * Content-Security-Policy; and a preview's address opened on its own, in the page the
 * browser makes for it.
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
	void previews_openedOnTheirOwn_areShownByTheBrowser_withAConsoleFreeOfCspErrors_andStillNoScript()
			throws IOException {
		WebClient api = server.signedUp("rosa", PASSWORD);
		String image = ApiFixtures.upload(api, "dawn.jpg", jpeg(320, 200)).get("id").asString();
		String text = ApiFixtures.upload(api, "notes.txt", "plain words\n".getBytes(StandardCharsets.UTF_8))
			.get("id")
			.asString();
		for (String id : new String[] { image, text }) {
			String policy = api.get("/files/" + id + "/preview")
				.headers()
				.firstValue("Content-Security-Policy")
				.orElseThrow();
			assertThat(policy.split("; ")).as(policy)
				.contains("sandbox", "default-src 'none'")
				.noneMatch((directive) -> directive.startsWith("script-src") || directive.contains("allow-scripts"));
		}

		try (Browser browser = Browser.open(server)) {
			browser.signIn("rosa", PASSWORD);
			// Chromium's own image viewer page, styled with style attributes.
			browser.visit("/files/" + image + "/preview");
			WebElement shown = browser.find(By.tagName("img"));
			browser.waitUntil("the image decoded",
					(driver) -> ((Number) browser.script("return arguments[0].naturalWidth", shown)).intValue() > 0);
			assertThat(browser.script("return [arguments[0].naturalWidth, arguments[0].naturalHeight]", shown))
				.asString()
				.isEqualTo("[320, 200]");
			browser.assertConsoleClean();
			// Its text view, which "Open preview in a new tab" opens.
			browser.visit("/files/" + text + "/preview");
			assertThat(browser.find(By.tagName("pre")).getText()).isEqualTo("plain words");
			browser.assertConsoleClean();
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

	@Test
	void pdfPreview_isDrawnByTheViewer_pageByPage_onDesktopAndPhone() {
		WebClient api = server.signedUp("rosa", PASSWORD);
		String id = ApiFixtures.upload(api, "minutes.pdf", SamplePdf.withPages("Minutes of the board", "Page two"))
			.get("id")
			.asString();

		try (Browser browser = Browser.open(server)) {
			browser.signIn("rosa", PASSWORD);
			browser.visit("/files/" + id);
			browser.clickAndWaitForPage(By.cssSelector(".file-preview a.preview-link"));
			assertThat(browser.currentPath()).isEqualTo("/files/" + id + "/pdf");
			awaitDrawn(browser, 1);
			assertThat(browser.find(By.cssSelector(".pdf-page-number")).getText()).isEqualTo("Page 1 of 2");
			assertThat(browser.find(By.cssSelector("button[data-pdf-action=previous]")).isEnabled()).isFalse();
			int[] first = inkOnCanvas(browser);
			assertThat(first[0]).as("non-white pixels on page 1").isPositive();
			// Fit to width: the page is as wide as its frame, however wide the window.
			assertThat(canvasWidthInFrame(browser)).isEqualTo(0);
			browser.screenshot(SCREENSHOTS, "pdf-preview.png");
			// AccessibilityBrowserTest checks the page as it loads; this, with a page
			// drawn.
			assertThat(Axe.seriousViolations(browser)).isEmpty();

			browser.find(By.cssSelector("button[data-pdf-action=next]")).click();
			awaitDrawn(browser, 2);
			assertThat(browser.find(By.cssSelector(".pdf-page-number")).getText()).isEqualTo("Page 2 of 2");
			assertThat(browser.find(By.cssSelector("button[data-pdf-action=next]")).isEnabled()).isFalse();
			int[] second = inkOnCanvas(browser);
			assertThat(second[0]).as("non-white pixels on page 2").isPositive();
			// Page 2's band is lower down the page than page 1's.
			assertThat(second[1]).as("first inked row, page 2 vs page 1").isGreaterThan(first[1]);

			browser.resize(Browser.PHONE);
			browser.waitUntil("the page redrawn for the phone's width",
					(driver) -> "2"
						.equals(browser.find(By.cssSelector(".pdf-viewer")).getDomAttribute("data-rendered-page"))
							&& canvasWidthInFrame(browser) == 0);
			assertThat(inkOnCanvas(browser)[0]).isPositive();
			assertThat(browser.horizontalOverflow()).isNotPositive();
			browser.assertConsoleClean();
		}
	}

	@Test
	void pdfPreview_ofADamagedPdf_saysItCannotBeShown() {
		WebClient api = server.signedUp("sven", PASSWORD);
		byte[] damaged = "%PDF-1.4\nthis is not the rest of a PDF\n"
			.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		String id = ApiFixtures.upload(api, "damaged.pdf", damaged).get("id").asString();

		try (Browser browser = Browser.open(server)) {
			browser.signIn("sven", PASSWORD);
			browser.visit("/files/" + id + "/pdf");
			browser.waitUntil("the viewer gave up",
					(driver) -> browser.find(By.cssSelector(".pdf-status"))
						.getText()
						.equals("This PDF cannot be shown here. Download it to read it."));
			assertThat(browser.find(By.cssSelector(".pdf-frame")).isDisplayed()).isFalse();
			assertThat(browser.find(By.cssSelector(".pdf-toolbar")).isDisplayed()).isFalse();
			browser.assertConsoleClean();
		}
	}

	/** Waits until the viewer says it finished drawing {@code page}. */
	private static void awaitDrawn(Browser browser, int page) {
		browser.waitUntil("page " + page + " drawn", (driver) -> String.valueOf(page)
			.equals(browser.find(By.cssSelector(".pdf-viewer")).getDomAttribute("data-rendered-page")));
	}

	/**
	 * How many of the canvas's pixels are not white, and the first row that has one (-1
	 * if none), read back from the canvas.
	 */
	private static int[] inkOnCanvas(Browser browser) {
		@SuppressWarnings("unchecked")
		java.util.List<Number> ink = (java.util.List<Number>) browser.script("""
				const canvas = document.querySelector('canvas.pdf-page');
				const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
				let count = 0;
				let firstRow = -1;
				for (let i = 0; i < pixels.length; i += 4) {
				  if (pixels[i + 3] > 0 && (pixels[i] < 250 || pixels[i + 1] < 250 || pixels[i + 2] < 250)) {
				    count++;
				    if (firstRow < 0) {
				      firstRow = Math.floor(i / 4 / canvas.width);
				    }
				  }
				}
				return [count, firstRow];
				""");
		return new int[] { ink.get(0).intValue(), ink.get(1).intValue() };
	}

	/** The frame's inner width minus the canvas's width on the page, in CSS pixels. */
	private static int canvasWidthInFrame(Browser browser) {
		return ((Number) browser
			.script("""
					const frame = document.querySelector('.pdf-frame');
					return frame.clientWidth - Math.floor(document.querySelector('canvas.pdf-page').getBoundingClientRect().width);
					"""))
			.intValue();
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
