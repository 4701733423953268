package dev.coffer.server.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import tools.jackson.databind.JsonNode;

import dev.coffer.server.support.SamplePdf;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page of the web UI, at desktop and at phone width, checked by axe-core in real
 * Chromium: no violation of impact serious or critical anywhere. Pages that only a form
 * post reaches (the recovery codes, a new token, the thank-you page of a request link,
 * the second sign-in step) are reached by filling in the forms.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class AccessibilityBrowserTest {

	private static final String PASSWORD = "copper kettle on the orbit";

	private static final List<Dimension> WIDTHS = List.of(Browser.DESKTOP, Browser.PHONE);

	private static final Path SCREENSHOTS = Path.of("target", "accessibility-screenshots");

	private static TestServer server;

	private static String fileId;

	private static String linkToken;

	private static String linkId;

	private static String lockedLinkToken;

	private static String goneLinkToken;

	private static String requestToken;

	private static String requestId;

	private static String lockedRequestToken;

	private static String pdfId;

	private static String closedRequestToken;

	private final List<String> violations = new ArrayList<>();

	@BeforeAll
	static void startServer() {
		Browser.assumeInstalled();
		server = TestServer.start("coffer.requests.min-fill-time=0s");
		WebClient ada = signedIn("ada"); // the first account: an admin
		WebClient bob = signedIn("bob");
		fileId = ApiFixtures.upload(ada, "quarterly report.txt", "figures".getBytes(StandardCharsets.UTF_8))
			.get("id")
			.asString();
		ApiFixtures.share(ada, fileId, "bob", "READ");
		pdfId = ApiFixtures.upload(ada, "minutes.pdf", SamplePdf.withPages("Minutes", "Actions")).get("id").asString();
		String bobsFile = ApiFixtures.upload(bob, "plan.txt", "steps".getBytes(StandardCharsets.UTF_8))
			.get("id")
			.asString();
		ApiFixtures.share(bob, bobsFile, "ada", "EDIT");
		JsonNode link = ApiFixtures.createLink(ada, fileId, "{}");
		linkToken = link.get("token").asString();
		linkId = link.get("id").asString();
		lockedLinkToken = ApiFixtures.createLink(ada, fileId, "{\"password\":\"open sesame\"}").get("token").asString();
		JsonNode gone = ApiFixtures.createLink(ada, fileId, "{}");
		ApiFixtures.revokeLink(ada, fileId, gone.get("id").asString());
		goneLinkToken = gone.get("token").asString();
		JsonNode request = ApiFixtures.createRequest(ada, "{\"title\":\"Scans\",\"maxFiles\":5,\"maxBytes\":100000}");
		requestToken = request.get("token").asString();
		requestId = request.get("id").asString();
		lockedRequestToken = ApiFixtures
			.createRequest(ada, "{\"title\":\"Tax\",\"maxFiles\":5,\"maxBytes\":100000,\"password\":\"open sesame\"}")
			.get("token")
			.asString();
		JsonNode closed = ApiFixtures.createRequest(ada, "{\"title\":\"Old\",\"maxFiles\":1,\"maxBytes\":1000}");
		assertThat(ada.send(ada.apiRequest("/api/v1/requests/" + closed.get("id").asString()).DELETE().build())
			.statusCode()).isEqualTo(204);
		closedRequestToken = closed.get("token").asString();
	}

	@AfterAll
	static void stopServer() {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void everyPage_atDesktopAndPhoneWidth_hasNoSeriousOrCriticalViolations(@TempDir Path temp) throws IOException {
		try (Browser browser = Browser.open(server)) {
			checkEach(browser, 200, "/login", "/signup", "/s/" + linkToken, "/s/" + lockedLinkToken,
					"/r/" + requestToken, "/r/" + lockedRequestToken);
			checkEach(browser, 410, "/s/" + goneLinkToken, "/r/" + closedRequestToken);
			sendThroughRequestLink(browser, temp);
			checkHere(browser);

			browser.signIn("ada", PASSWORD);
			checkEach(browser, 200, "/files", "/files/" + fileId, "/shared-with-me", "/shared-by-me", "/requests",
					"/requests/received", "/account", "/account/second-factor", "/admin/users", "/admin/system",
					"/admin/audit", "/files/" + fileId + "/links/" + linkId, "/requests/" + requestId, "/device",
					"/files/" + pdfId + "/pdf");
			checkEach(browser, 404, "/files/00000000-0000-0000-0000-000000000000");

			browser.visit("/account");
			browser.type(By.id("tokenName"), "backup script");
			browser.clickAndWaitForPage(By.cssSelector("form[action='/account/tokens'] button[type=submit]"));
			assertThat(browser.findAll(By.cssSelector("input[aria-label='New API token']"))).hasSize(1);
			checkHere(browser);

			browser.enrolAuthenticatorApp();
			checkHere(browser);

			browser.clickAndWaitForPage(By.cssSelector("form[action='/logout'] button"));
			browser.visit("/login");
			browser.type(By.id("username"), "ada");
			browser.type(By.id("password"), PASSWORD);
			browser.clickAndWaitForPage(By.cssSelector("form[action='/login'] button[type=submit]"));
			assertThat(browser.currentPath()).isEqualTo("/login/second-factor");
			checkHere(browser);
		}
		assertThat(this.violations).as("serious or critical axe-core %s violations", Axe.VERSION).isEmpty();
	}

	/** Loads each page at each width and checks it. */
	private void checkEach(Browser browser, int status, String... paths) {
		for (Dimension width : WIDTHS) {
			browser.resize(width);
			for (String path : paths) {
				if (status == 200) {
					browser.visit(path);
				}
				else {
					browser.visitExpectingStatus(path, status);
				}
				record(browser, path, width);
			}
		}
		browser.resize(Browser.DESKTOP);
	}

	/** Checks the page the browser shows, at each width, without loading it again. */
	private void checkHere(Browser browser) {
		String path = browser.currentPath();
		for (Dimension width : WIDTHS) {
			browser.resize(width);
			record(browser, path, width);
		}
		browser.resize(Browser.DESKTOP);
	}

	private void record(Browser browser, String path, Dimension width) {
		// A picture of each page checked, to look at when a violation is reported.
		String name = path.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "");
		browser.screenshot(SCREENSHOTS, (name.isEmpty() ? "root" : name) + "-" + width.width + ".png");
		for (String violation : Axe.seriousViolations(browser)) {
			this.violations.add(path + " at " + width.width + " px: " + violation);
		}
	}

	private static void sendThroughRequestLink(Browser browser, Path temp) throws IOException {
		Path scan = Files.writeString(temp.resolve("scan.txt"), "scanned page");
		browser.visit("/r/" + requestToken);
		browser.type(By.id("senderName"), "Sam Sender");
		browser.type(By.id("senderEmail"), "sam@example.org");
		browser.find(By.id("dropFiles")).sendKeys(scan.toString());
		browser.find(By.cssSelector("#drop-form button[type=submit]")).click();
		browser.waitUntil("the thank-you page", (driver) -> driver.getCurrentUrl().endsWith("/sent"));
	}

	private static WebClient signedIn(String username) {
		WebClient client = server.client();
		client.signUp(username, PASSWORD);
		client.login(username, PASSWORD);
		return client;
	}

}
