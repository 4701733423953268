package dev.coffer.server.browser;

import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The site's icon in a real browser: {@code /favicon.ico}, which browsers ask for where a
 * page names no icon, leads to the SVG icon the pages name, with nothing in the console.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FaviconBrowserTest {

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
	void faviconIco_redirectsToTheSvgIcon_thatThePagesName() {
		WebClient client = server.client();
		HttpResponse<String> ico = client.get("/favicon.ico");
		assertThat(ico.statusCode()).isEqualTo(301);
		assertThat(ico.headers().firstValue("Location")).hasValue("/favicon.svg");
		assertThat(ico.headers().allValues("Set-Cookie")).isEmpty();
		HttpResponse<String> svg = client.get("/favicon.svg");
		assertThat(svg.statusCode()).isEqualTo(200);
		assertThat(svg.headers().firstValue("Content-Type").orElseThrow()).startsWith("image/svg+xml");
		assertThat(svg.body()).startsWith("<svg");

		try (Browser browser = Browser.open(server)) {
			browser.visit("/login");
			assertThat(browser.find(By.cssSelector("link[rel=icon]")).getDomAttribute("href"))
				.isEqualTo("/favicon.svg");
			// What Chromium asks for on a page that names no icon.
			browser.visit("/favicon.ico");
			assertThat(browser.currentPath()).isEqualTo("/favicon.svg");
			assertThat(browser.find(By.tagName("svg"))).isNotNull();
			browser.assertConsoleClean();
		}
	}

}
