package dev.coffer.server.browser;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-up, sign-out, the phone layout, the account page's section list, printing the
 * recovery codes and the site's icon, in a real browser.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AccountBrowserTest {

	private static final String PASSWORD = "lantern meadow quietly 7";

	private static TestServer server;

	private Browser browser;

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

	@BeforeEach
	void openBrowser() {
		this.browser = Browser.open(server);
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.close();
		}
	}

	/**
	 * {@code /favicon.ico}, which browsers ask for where a page names no icon, leads to
	 * the SVG icon the pages name, with nothing in the console.
	 */
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

		this.browser.visit("/login");
		assertThat(this.browser.find(By.cssSelector("link[rel=icon]")).getDomAttribute("href"))
			.isEqualTo("/favicon.svg");
		// What Chromium asks for on a page that names no icon.
		this.browser.visit("/favicon.ico");
		assertThat(this.browser.currentPath()).isEqualTo("/favicon.svg");
		assertThat(this.browser.find(By.tagName("svg"))).isNotNull();
		this.browser.assertConsoleClean();
	}

	@Test
	void signUp_withShortPassword_isHeldByTheFormAndRefusedByTheServerWithTheRule() {
		this.browser.visit("/signup");
		this.browser.type(By.id("username"), "frank");
		this.browser.type(By.id("password"), "short pw");
		this.browser.type(By.id("passwordConfirmation"), "short pw");
		WebElement page = this.browser.find(By.tagName("html"));
		this.browser.find(By.cssSelector("form[action='/signup'] button[type=submit]")).click();

		// The browser holds the form and says why, without a round trip.
		WebElement password = this.browser.find(By.id("password"));
		assertThat(this.browser.script("return arguments[0].validity.tooShort", password)).isEqualTo(true);
		assertThat(password.getDomProperty("validationMessage")).contains("12");
		assertThat(this.browser.find(By.tagName("html"))).isEqualTo(page);

		// A browser without form validation posts it: the server answers with the rule.
		this.browser.script("arguments[0].removeAttribute('minlength')", password);
		this.browser.clickAndWaitForErrorPage(By.cssSelector("form[action='/signup'] button[type=submit]"), 400);
		assertThat(this.browser.currentPath()).isEqualTo("/signup");
		assertThat(this.browser.find(By.cssSelector(".flash.error")).getText()).isEqualTo(
				"Use at least 12 characters. A few unrelated words make a long password that is easy to remember.");
		assertThat(this.browser.find(By.id("password")).getDomAttribute("class")).contains("invalid");
		assertThat(this.browser.find(By.id("password")).getDomProperty("value")).as("password not echoed").isEmpty();
		assertThat(this.browser.find(By.id("username")).getDomProperty("value")).isEqualTo("frank");
	}

	@Test
	void signOutButton_endsTheSession() {
		this.browser.signUp("grace", PASSWORD);
		this.browser.signIn("grace", PASSWORD);

		this.browser.clickAndWaitForPage(By.xpath("//header//button[starts-with(normalize-space(.), 'Sign out')]"));
		assertThat(this.browser.currentPath()).isEqualTo("/login?logout");
		assertThat(this.browser.find(By.cssSelector(".flash.success")).getText()).isEqualTo("You have signed out.");
		assertThat(this.browser.findAll(By.cssSelector(".site-header .who"))).isEmpty();

		this.browser.visit("/files");
		assertThat(this.browser.currentPath()).isEqualTo("/login");
	}

	@Test
	void phoneSizedWindow_neverScrollsSideways(@TempDir Path temp) throws IOException {
		this.browser.signUp("heidi", PASSWORD);
		this.browser.signIn("heidi", PASSWORD);
		this.browser.resize(Browser.PHONE);
		assertThat(this.browser.viewport()).isEqualTo(Browser.PHONE);

		// Long names and hashes are what push a narrow layout sideways.
		Path file = Files.writeString(temp.resolve("minutes-of-the-annual-general-meeting-2026-final-approved.pdf"),
				"minutes");
		this.browser.find(By.id("upload-input")).sendKeys(file.toString());
		this.browser.waitUntil("the file listed",
				(d) -> this.browser.findAll(By.cssSelector("table.files tbody tr")).size() == 1);
		assertThat(this.browser.horizontalOverflow()).as("/files").isNotPositive();

		this.browser.clickAndWaitForPage(By.cssSelector("a.file-name"));
		Path secondVersion = Files.writeString(temp.resolve("minutes-v2.pdf"), "minutes, corrected");
		WebElement page = this.browser.find(By.tagName("html"));
		this.browser.find(By.id("version-input")).sendKeys(secondVersion.toString());
		this.browser.waitForNewPage(page);
		assertThat(this.browser.findAll(By.xpath("//table[@class='versions']//button[text()='Restore']"))).hasSize(1);
		assertThat(this.browser.horizontalOverflow()).as("a file's page with two versions").isNotPositive();

		this.browser.visit("/account");
		this.browser.type(By.id("tokenName"), "backup script on the NAS");
		this.browser.clickAndWaitForPage(By.cssSelector("form[action='/account/tokens'] button[type=submit]"));
		assertThat(this.browser.find(By.cssSelector("input.copyable")).getDomProperty("value")).isNotEmpty();
		assertThat(this.browser.findAll(By.cssSelector("table.tokens tbody tr"))).hasSize(1);
		assertThat(this.browser.horizontalOverflow()).as("/account").isNotPositive();
	}

	@Test
	void accountPage_listsItsSections_andEachLinkBringsItsSectionIntoView() {
		this.browser.signUp("ivy", PASSWORD);
		this.browser.signIn("ivy", PASSWORD);
		this.browser.visit("/account");
		List<WebElement> links = this.browser.findAll(By.cssSelector("nav[aria-label='On this page'] a"));
		assertThat(links).extracting(WebElement::getText)
			.containsExactly("Password", "Two-step verification", "Passkeys", "API tokens", "Security events",
					"Delete account");
		for (WebElement link : links) {
			String target = link.getDomAttribute("href");
			assertThat(this.browser.findAll(By.cssSelector("main section" + target))).as(target).hasSize(1);
		}

		this.browser.find(By.linkText("Delete account")).click();
		this.browser.waitUntil("the Delete account section in view", (driver) -> (Boolean) this.browser.script("""
				const top = document.getElementById('delete-title').getBoundingClientRect().top;
				return top >= 0 && top < window.innerHeight;
				"""));
		assertThat(this.browser.currentPath()).isEqualTo("/account#delete");
		assertThat((Boolean) this.browser.script("""
				const nav = document.querySelector('.page-nav').getBoundingClientRect();
				return nav.top >= 0 && nav.bottom <= window.innerHeight;
				""")).as("the section list stays in reach on a wide screen").isTrue();
	}

	@Test
	void recoveryCodes_haveAPrintButton_andPrintShowsOnlyTheCodes() {
		this.browser.signUp("judy", PASSWORD);
		this.browser.signIn("judy", PASSWORD);
		this.browser.enrolAuthenticatorApp();

		WebElement print = this.browser.find(By.cssSelector("button[data-print]"));
		assertThat(print.isDisplayed()).as("print button shown by the script").isTrue();
		this.browser.script("window.print = () => { window.printed = true; };");
		print.click();
		assertThat(this.browser.script("return window.printed === true")).isEqualTo(true);

		this.browser.emulateMedia("print");
		try {
			assertThat(this.browser.find(By.cssSelector("ul.recovery-codes")).isDisplayed()).isTrue();
			assertThat(this.browser.find(By.cssSelector(".site-header")).isDisplayed()).isFalse();
			assertThat(this.browser.find(By.cssSelector(".recovery-code-actions")).isDisplayed()).isFalse();
		}
		finally {
			this.browser.emulateMedia("");
		}
		assertThat(this.browser.find(By.cssSelector(".site-header")).isDisplayed()).isTrue();
	}

}
