package dev.coffer.server.security;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Sessions live in the database: a restart logs nobody out. */
class SessionPersistenceTest {

	static final String PASSWORD = "correct horse battery staple";

	@Test
	void session_survivesAnApplicationRestart() {
		try (TestServer server = TestServer.start()) {
			WebClient browser = server.client();
			browser.signUp("restart-user", PASSWORD);
			browser.login("restart-user", PASSWORD);
			assertThat(browser.get("/account").statusCode()).isEqualTo(200);

			server.stop();
			server.startAgain();

			// Same cookies, new process state, new port: still signed in.
			WebClient sameBrowser = server.client();
			browser.copyCookiesTo(sameBrowser);
			HttpResponse<String> account = sameBrowser.get("/account");
			assertThat(account.statusCode()).isEqualTo(200);
			assertThat(account.body()).contains("restart-user");
		}
	}

	@Test
	void aMissingStylesheetOrScript_isA404_thatKeepsTheSession() {
		try (TestServer server = TestServer.start()) {
			WebClient browser = server.signedUp("keeps-session", PASSWORD);
			String session = browser.sessionCookie();
			for (String missing : new String[] { "/css/missing.css", "/js/missing.js", "/css/missing.svg",
					"/no-such-page" }) {
				HttpResponse<String> response = browser.get(missing);
				assertThat(response.statusCode()).as(missing).isEqualTo(404);
				assertThat(response.headers().allValues("Set-Cookie")).as(missing).isEmpty();
			}
			assertThat(browser.sessionCookie()).isEqualTo(session);
			assertThat(browser.get("/account").statusCode()).isEqualTo(200);
			// The API's own 404 stays a problem document.
			HttpResponse<String> api = browser.get("/api/v1/no-such-thing", "Accept", "application/json");
			assertThat(api.statusCode()).isEqualTo(404);
			assertThat(api.headers().firstValue("Content-Type").orElse("")).contains("json");
		}
	}

	@Test
	void login_endsAfterTheAbsoluteTimeout_evenWhenActive() throws InterruptedException {
		try (TestServer server = TestServer.start("coffer.sessions.absolute-timeout=3s")) {
			WebClient browser = server.client();
			browser.signUp("short-lived", PASSWORD);
			browser.login("short-lived", PASSWORD);
			assertThat(browser.get("/account").statusCode()).isEqualTo(200);
			Thread.sleep(Duration.ofSeconds(4));
			HttpResponse<String> expired = browser.get("/account");
			assertThat(expired.statusCode()).isEqualTo(302);
			assertThat(expired.headers().firstValue("Location").orElseThrow()).endsWith("/login?expired");
		}
	}

}
