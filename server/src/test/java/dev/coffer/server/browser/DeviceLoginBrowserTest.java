package dev.coffer.server.browser;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

import dev.coffer.server.cli.Coffer;
import dev.coffer.server.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code coffer login} approved in a real browser: the user opens the link the terminal
 * shows, sees the same code and the device's name, presses Approve, and the client
 * running meanwhile is signed in.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DeviceLoginBrowserTest {

	private static final String PASSWORD = "a kettle of fish in orbit";

	private static final Pattern LINK = Pattern.compile("https://\\S+/device\\?user_code=([A-Z]{4}-[A-Z]{4})");

	private static TestServer server;

	@TempDir
	Path home;

	@BeforeAll
	static void startServer() {
		Browser.assumeInstalled();
		server = TestServer.start("coffer.device-login.poll-interval=1s");
	}

	@AfterAll
	static void stopServer() {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void codeShownInTheTerminal_approvedInTheBrowser_signsTheClientIn() throws Exception {
		Coffer coffer = new Coffer(this.home.resolve("config"));
		try (Browser browser = Browser.open(server)) {
			browser.signUp("dora", PASSWORD);
			browser.signIn("dora", PASSWORD);
			String fingerprint = fingerprint();
			CompletableFuture<Coffer.Result> login = CompletableFuture.supplyAsync(() -> coffer.run("login",
					server.baseUrl(), "--fingerprint", fingerprint, "--device-name", "dora's laptop"));
			Matcher link = awaitLink(coffer);

			browser.visit(link.group().substring(server.baseUrl().length()));
			assertThat(browser.find(By.id("userCode")).getDomProperty("value")).isEqualTo(link.group(1));
			browser.clickAndWaitForPage(By.cssSelector("form[action='/device'] button[type=submit]"));
			assertThat(browser.find(By.cssSelector(".device-code")).getText()).isEqualTo(link.group(1));
			assertThat(browser.find(By.cssSelector(".device-name")).getText()).isEqualTo("dora's laptop");
			browser.clickAndWaitForPage(By.id("approve"));
			assertThat(browser.find(By.cssSelector(".flash.success")).getText()).contains("Approved");

			Coffer.Result result = login.get(30, TimeUnit.SECONDS);
			assertThat(result.exitCode()).as(result.toString()).isZero();
			assertThat(coffer.run("whoami").out()).startsWith("dora ");
			browser.assertConsoleClean();
		}
	}

	private static Matcher awaitLink(Coffer coffer) throws InterruptedException {
		for (int i = 0; i < 400; i++) {
			Matcher link = LINK.matcher(coffer.errSoFar());
			if (link.find()) {
				return link;
			}
			Thread.sleep(50);
		}
		throw new AssertionError("the terminal showed no link: " + coffer.errSoFar());
	}

	private static String fingerprint() throws Exception {
		return server.certificateFingerprint();
	}

}
