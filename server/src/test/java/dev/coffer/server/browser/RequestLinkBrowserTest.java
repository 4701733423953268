package dev.coffer.server.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public page of a request link in a real browser: the form is sent by its script
 * (static/js/requests.js) with a progress bar, lands on the thank-you page, and the owner
 * sees the file and the message.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RequestLinkBrowserTest {

	private static final String PASSWORD = "copper kettle on the orbit";

	private static TestServer server;

	@BeforeAll
	static void startServer() {
		Browser.assumeInstalled();
		server = TestServer.start("coffer.requests.min-fill-time=0s", "coffer.files.resumable-upload-threshold=1MB");
	}

	@AfterAll
	static void stopServer() {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void anonymousSender_sendsAFileThroughTheScriptedForm_andTheOwnerSeesItWithTheMessage(@TempDir Path temp)
			throws IOException {
		WebClient owner = server.client();
		owner.signUp("rita", PASSWORD);
		owner.login("rita", PASSWORD);
		String token = ApiFixtures.createRequest(owner, "{\"title\":\"Scans\",\"maxFiles\":3,\"maxBytes\":1000000}")
			.get("token")
			.asString();
		Path scan = Files.writeString(temp.resolve("scan.txt"), "scanned page");

		try (Browser browser = Browser.open(server)) {
			send(browser, token, "Sam Sender", "sam@example.org", "Page one.", scan);
			browser.waitUntil("the thank-you page", (driver) -> driver.getCurrentUrl().endsWith("/sent"));
			assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Thank you");
			// The script's request followed the redirect and used up the one-time count,
			// which a form post without the script would show: proof the script sent it.
			assertThat(browser.findAll(By.className("delivered"))).isEmpty();
			browser.assertConsoleClean();
		}

		Document received = WebClient.html(owner.get("/requests/received"));
		assertThat(received.select("a.file-name").text()).isEqualTo("scan (from Sam Sender).txt");
		assertThat(received.select(".sender-message").text()).isEqualTo("Page one.");
	}

	@Test
	void receivedFiles_fromASenderWithALongNameWithoutSpaces_wrap_andThePageNeverScrollsSideways(@TempDir Path temp)
			throws IOException {
		WebClient owner = server.client();
		owner.signUp("nadia", PASSWORD);
		owner.login("nadia", PASSWORD);
		String token = ApiFixtures.createRequest(owner, "{\"title\":\"Forms\",\"maxFiles\":3,\"maxBytes\":1000000}")
			.get("token")
			.asString();
		Path form = Files.writeString(temp.resolve("form.txt"), "filled in");

		try (Browser browser = Browser.open(server)) {
			send(browser, token, "N".repeat(100), "n@example.org", "", form);
			browser.waitUntil("the thank-you page", (driver) -> driver.getCurrentUrl().endsWith("/sent"));
		}
		try (Browser browser = Browser.open(server)) {
			browser.signIn("nadia", PASSWORD);
			for (var viewport : new org.openqa.selenium.Dimension[] { Browser.DESKTOP, Browser.PHONE }) {
				browser.resize(viewport);
				browser.visit("/requests/received");
				assertThat(browser.horizontalOverflow()).as("sideways scrolling at %s", viewport).isNotPositive();
			}
			browser.resize(Browser.DESKTOP);
			browser.visit("/requests/received");
			Number fileColumn = (Number) browser
				.script("return document.querySelector('table.received td[data-label=File]').offsetWidth;");
			assertThat(fileColumn.intValue()).as("the File column, in pixels, beside a long sender").isGreaterThan(150);
			browser.assertConsoleClean();
		}
	}

	@Test
	void scriptedForm_refusedByTheServer_showsTheServersMessage_notThePagesFirstLine(@TempDir Path temp)
			throws IOException {
		WebClient owner = server.client();
		owner.signUp("tess", PASSWORD);
		owner.login("tess", PASSWORD);
		String token = ApiFixtures.createRequest(owner, "{\"title\":\"Tiny\",\"maxFiles\":3,\"maxBytes\":10}")
			.get("token")
			.asString();
		Path big = Files.writeString(temp.resolve("big.txt"), "more than ten bytes of text");

		try (Browser browser = Browser.open(server)) {
			send(browser, token, "Sam Sender", "sam@example.org", "", big);
			String status = errorShown(browser);
			assertThat(status).isEqualTo("These files are larger than this request link accepts.");
			assertThat(browser.takeConsoleProblems()).singleElement(InstanceOfAssertFactories.STRING)
				.contains("status of 413");
		}
	}

	@Test
	void aLargeFile_makesTheFormSendEveryFileOverResumableUploads_andAllArriveWithTheSender(@TempDir Path temp)
			throws Exception {
		WebClient owner = server.client();
		owner.signUp("ulla", PASSWORD);
		owner.login("ulla", PASSWORD);
		String token = ApiFixtures.createRequest(owner, "{\"title\":\"Footage\",\"maxFiles\":3,\"maxBytes\":100000000}")
			.get("token")
			.asString();
		byte[] footage = new byte[20 * 1024 * 1024];
		new Random(7).nextBytes(footage);
		Path large = Files.write(temp.resolve("footage.mp4"), footage);
		Path small = Files.writeString(temp.resolve("notes.txt"), "take two was better");

		try (Browser browser = Browser.open(server)) {
			send(browser, token, "Vera Video", "vera@example.org", "Raw footage.", large, small);
			browser.waitUntil("the thank-you page", Duration.ofSeconds(120),
					(driver) -> driver.getCurrentUrl().endsWith("/sent"));
			assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Thank you");
			browser.assertConsoleClean();
		}

		Document received = WebClient.html(owner.get("/requests/received"));
		assertThat(received.select("a.file-name").eachText()).containsExactlyInAnyOrder("footage (from Vera Video).mp4",
				"notes (from Vera Video).txt");
		assertThat(received.select(".sender-message").eachText()).containsOnly("Raw footage.");
		JdbcClient jdbc = server.bean(JdbcClient.class);
		assertThat(jdbc
			.sql("select v.sha256 from file_versions v join files f on f.current_version_id = v.id "
					+ "where f.name = 'footage (from Vera Video).mp4'")
			.query(String.class)
			.single()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(footage)));
		assertThat(jdbc.sql("select count(*) from resumable_uploads").query(Long.class).single()).isZero();
	}

	@Test
	void aLargeFileTheLinkHasNoRoomFor_showsTheServersMessage(@TempDir Path temp) throws IOException {
		WebClient owner = server.client();
		owner.signUp("wim", PASSWORD);
		owner.login("wim", PASSWORD);
		String token = ApiFixtures.createRequest(owner, "{\"title\":\"Small\",\"maxFiles\":3,\"maxBytes\":2000000}")
			.get("token")
			.asString();
		Path large = Files.write(temp.resolve("large.bin"), new byte[3 * 1024 * 1024]);

		try (Browser browser = Browser.open(server)) {
			send(browser, token, "Sam Sender", "sam@example.org", "", large);
			String status = errorShown(browser);
			assertThat(status).isEqualTo("This file is larger than this request link accepts now.");
			assertThat(browser.takeConsoleProblems()).singleElement(InstanceOfAssertFactories.STRING)
				.contains("status of 413");
		}
	}

	/** Fills the drop form of a link as a sender would, chooses the files and sends. */
	private static void send(Browser browser, String token, String name, String email, String message, Path... files) {
		browser.visit("/r/" + token);
		browser.type(By.id("senderName"), name);
		browser.type(By.id("senderEmail"), email);
		if (!message.isEmpty()) {
			browser.type(By.id("senderMessage"), message);
		}
		browser.find(By.id("dropFiles")).sendKeys(String.join("\n", Stream.of(files).map(Path::toString).toList()));
		browser.find(By.cssSelector("#drop-form button[type=submit]")).click();
	}

	/** The error the scripted form shows, once it shows one. */
	private static String errorShown(Browser browser) {
		return browser.waitUntil("the error message",
				(driver) -> browser.find(By.id("drop-status")).getAttribute("class").contains("error")
						? browser.find(By.id("drop-status")).getText() : null);
	}

}
