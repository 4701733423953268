package dev.coffer.server.browser;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions.Protocol;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions.Transport;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.server.account.AccountService;
import dev.coffer.server.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passkeys end to end in headless Chromium with its virtual authenticator (CTAP2, built
 * into the device, discoverable credentials, user verified), on a server that requires a
 * second factor: a passkey made instead of an authenticator app, passwordless sign-in, a
 * passkey registered on the account page as the second step after the password, and
 * deletion. One browser for the class; each test gets a fresh authenticator, so it holds
 * only that test's passkeys.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PasskeyBrowserTest {

	private static final String PASSWORD = "lantern meadow quietly 7";

	private static final String SESSION_COOKIE = "__Host-coffer-session";

	private static TestServer server;

	private static Browser browser;

	private VirtualAuthenticator authenticator;

	@BeforeAll
	static void start() {
		Browser.assumeInstalled();
		server = TestServer.start("coffer.security.require-second-factor=true");
		server.client().signUp("pk-admin", PASSWORD); // the first account, so the tests'
														// users are not admins
		browser = Browser.open(server);
	}

	@AfterAll
	static void stop() {
		try {
			if (browser != null) {
				browser.close();
			}
		}
		finally {
			if (server != null) {
				server.close();
			}
		}
	}

	@BeforeEach
	void addAuthenticator() {
		this.authenticator = browser
			.addVirtualAuthenticator(new VirtualAuthenticatorOptions().setProtocol(Protocol.CTAP2)
				.setTransport(Transport.INTERNAL)
				.setHasResidentKey(true)
				.setHasUserVerification(true)
				.setIsUserVerified(true));
	}

	@AfterEach
	void removeAuthenticator() {
		browser.removeVirtualAuthenticator(this.authenticator);
		browser.deleteCookies();
	}

	@Test
	void passkey_madeInsteadOfAnAuthenticatorApp_signsInWithoutPassword_untilItIsDeleted() {
		browser.signUp("pia", PASSWORD);
		assertThat(signInWithPassword("pia")).as("a second factor is required").isEqualTo("/account/second-factor");
		browser.type(By.id("passkeyName"), "work laptop");
		browser.clickAndWaitForPage(By.cssSelector("form[data-passkey-register] button[type=submit]"));
		assertThat(this.authenticator.getCredentials()).hasSize(1);
		// Now a passkey user: the password login still needs its second step.
		assertThat(browser.currentPath()).isEqualTo("/login/second-factor");
		assertThat(browser.findAll(By.id("code"))).as("no authenticator app, no code").isEmpty();
		browser.clickAndWaitForPage(By.id("passkeySecondStep"));
		assertThat(browser.currentPath()).isEqualTo("/files");
		signOut();

		browser.visit("/login");
		String anonymousSession = browser.cookie(SESSION_COOKIE);
		browser.clickAndWaitForPage(By.id("passkeySignIn"));
		assertThat(browser.currentPath()).isEqualTo("/files");
		assertThat(browser.find(By.cssSelector(".site-header .who")).getText()).isEqualTo("pia");
		assertThat(browser.cookie(SESSION_COOKIE)).as("session id changed at sign-in")
			.isNotNull()
			.isNotEqualTo(anonymousSession);

		browser.visit("/account");
		assertThat(browser.find(By.cssSelector("#passkeys td.passkey-name")).getText()).isEqualTo("work laptop");
		WebElement page = browser.find(By.tagName("html"));
		browser.find(By.cssSelector("#passkeys form[action^='/account/passkeys/'] button")).click();
		browser.waitUntil("confirmation", ExpectedConditions.alertIsPresent()).accept();
		browser.waitForNewPage(page);
		assertThat(browser.find(By.cssSelector("main > .flash.success")).getText())
			.isEqualTo("Passkey deleted. It no longer signs you in.");
		assertThat(browser.findAll(By.cssSelector("#passkeys td.passkey-name"))).isEmpty();
		signOut();

		// The authenticator still offers it; the server no longer knows it.
		browser.visit("/login");
		browser.find(By.id("passkeySignIn")).click();
		WebElement error = browser.waitUntil("passkey error",
				ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".passkey-sign-in .flash.error")));
		assertThat(error.getText()).startsWith("That passkey did not work.");
		assertThat(browser.currentPath()).isEqualTo("/login");
		assertThat(browser.takeConsoleProblems()).singleElement()
			.asString()
			.contains("/login/webauthn")
			.contains("status of 401");
		browser.visit("/files");
		assertThat(browser.currentPath()).isEqualTo("/login");

		assertThat(auditActions("pia")).containsExactly("passkey.registered", "passkey.login", "passkey.login",
				"passkey.deleted");
		assertThat(server.bean(JdbcClient.class)
			.sql("select count(*) from audit_events where action = 'passkey.failed'")
			.query(Long.class)
			.single()).isPositive();
	}

	@Test
	void passkey_registeredOnTheAccountPage_passesTheSecondStep_asAnAlternativeToTheCode() {
		browser.signUp("quinn", PASSWORD);
		assertThat(signInWithPassword("quinn")).isEqualTo("/account/second-factor");
		browser.enrolAuthenticatorApp();
		registerPasskey("phone");
		assertThat(this.authenticator.getCredentials()).hasSize(1);
		signOut();

		assertThat(signInWithPassword("quinn")).isEqualTo("/login/second-factor");
		assertThat(browser.findAll(By.id("code"))).as("the code still works too").hasSize(1);

		browser.clickAndWaitForPage(By.id("passkeySecondStep"));
		assertThat(browser.currentPath()).isEqualTo("/files");
		assertThat(browser.find(By.cssSelector(".site-header .who")).getText()).isEqualTo("quinn");
		browser.visit("/account");
		assertThat(browser.currentPath()).isEqualTo("/account");
		signOut();

		// A disabled account's passkey signs in no more than its password.
		server.bean(AccountService.class).setEnabled("quinn", false);
		browser.visit("/login");
		browser.find(By.id("passkeySignIn")).click();
		assertThat(
				browser
					.waitUntil("passkey error",
							ExpectedConditions
								.visibilityOfElementLocated(By.cssSelector(".passkey-sign-in .flash.error")))
					.getText())
			.startsWith("That passkey did not work.");
		assertThat(browser.takeConsoleProblems()).singleElement().asString().contains("status of 401");
		browser.visit("/files");
		assertThat(browser.currentPath()).isEqualTo("/login");
	}

	private static void registerPasskey(String name) {
		browser.visit("/account");
		browser.type(By.id("passkeyName"), name);
		browser.clickAndWaitForPage(By.cssSelector("form[data-passkey-register] button[type=submit]"));
		assertThat(browser.currentPath()).isEqualTo("/account?passkeyAdded#passkeys");
		assertThat(browser.find(By.cssSelector("#passkeys .flash.success")).getText())
			.isEqualTo("Passkey added. You can sign in with it now.");
		assertThat(browser.find(By.cssSelector("#passkeys td.passkey-name")).getText()).isEqualTo(name);
	}

	private static List<String> auditActions(String actor) {
		return server.bean(JdbcClient.class)
			.sql("select action from audit_events where actor = ? and action like 'passkey.%' order by id")
			.param(actor)
			.query(String.class)
			.list();
	}

	/** Signs in with the password; returns where the browser landed. */
	private static String signInWithPassword(String username) {
		browser.visit("/login");
		browser.type(By.id("username"), username);
		browser.type(By.id("password"), PASSWORD);
		browser.clickAndWaitForPage(By.cssSelector("form[action='/login'] button[type=submit]"));
		return browser.currentPath();
	}

	private static void signOut() {
		browser.clickAndWaitForPage(By.cssSelector(".site-header form[action='/logout'] button"));
		assertThat(browser.currentPath()).isEqualTo("/login?logout");
	}

	/** Turns on TOTP with the code an app would show now. */

}
