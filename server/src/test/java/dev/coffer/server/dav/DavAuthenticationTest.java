package dev.coffer.server.dav;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.SecretTokens;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who gets in at {@code /dav/}: HTTP Basic with the user's name and one of their access
 * tokens, nothing else, over real HTTPS; failures count in the sign-in throttle.
 */
class DavAuthenticationTest {

	static TestServer server;

	static String aliceToken;

	static String bobToken;

	@BeforeAll
	static void start() {
		server = TestServer.start("coffer.throttle.login.lock-after=3", "coffer.throttle.login.delay-after=100");
		aliceToken = DavAccounts.tokenOf(server, "alice");
		bobToken = DavAccounts.tokenOf(server, "bob");
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void nameAndToken_listsTheTopFolder_andSetsNoCookie() {
		HttpResponse<String> response = new DavClient(server, "alice", aliceToken).send("PROPFIND", "/dav/", null,
				"Depth", "0");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(207);
		assertThat(response.body()).contains("<D:href>/dav/</D:href>");
		assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
	}

	@Test
	void noCredentials_is401_withTheBasicChallenge_andNoCookie() {
		for (String method : new String[] { "PROPFIND", "GET", "PUT", "OPTIONS", "DELETE" }) {
			HttpResponse<String> response = new DavClient(server, null, null).send(method, "/dav/", null, "Depth", "0");
			assertUnauthorized(response, method);
		}
	}

	@Test
	void wrongToken_password_orGarbledHeader_is401() {
		DavAccounts.tokenOf(server, "gina");
		// Three failures for gina's name: the throttle (lock after 3 here) allows them
		// all.
		assertUnauthorized(new DavClient(server, "gina", "coffer_pat_" + SecretTokens.newToken()).send("PROPFIND",
				"/dav/", null, "Depth", "0"), "unknown token");
		assertUnauthorized(
				new DavClient(server, "gina", aliceToken + "x").send("PROPFIND", "/dav/", null, "Depth", "0"),
				"token with a character more");
		assertUnauthorized(
				new DavClient(server, "gina", DavAccounts.PASSWORD).send("PROPFIND", "/dav/", null, "Depth", "0"),
				"the account password");
		assertUnauthorized(new DavClient(server, null, null).send("PROPFIND", "/dav/", null, "Depth", "0",
				"Authorization", "Basic !!!not-base64"), "garbled header");
		assertUnauthorized(new DavClient(server, null, null).send("PROPFIND", "/dav/", null, "Depth", "0",
				"Authorization", "Bearer " + aliceToken), "bearer instead of Basic");
	}

	@Test
	void someoneElsesToken_underAnotherName_is401() {
		assertUnauthorized(new DavClient(server, "alice", bobToken).send("PROPFIND", "/dav/", null, "Depth", "0"),
				"bob's token as alice");
	}

	@Test
	void sessionCookieOfASignedInBrowser_isNotACredential() {
		WebClient browser = server.signedUp("carol", DavAccounts.PASSWORD);
		HttpResponse<String> response = browser.send(browser.request("/dav/")
			.method("PROPFIND", java.net.http.HttpRequest.BodyPublishers.noBody())
			.setHeader("Depth", "0")
			.build());
		assertUnauthorized(response, "session cookie");
	}

	@Test
	void revokedToken_is401FromTheNextRequest() {
		String token = DavAccounts.tokenOf(server, "dave");
		DavClient dave = new DavClient(server, "dave", token);
		assertThat(dave.send("PROPFIND", "/dav/", null, "Depth", "0").statusCode()).isEqualTo(207);
		WebClient api = server.client();
		HttpResponse<String> revoked = api
			.send(api.request("/api/v1/me/token").setHeader("Authorization", "Bearer " + token).DELETE().build());
		assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(204);
		assertUnauthorized(dave.send("PROPFIND", "/dav/", null, "Depth", "0"), "revoked token");
	}

	@Test
	void failures_countInTheSignInThrottle_thenAre429_whileAValidTokenStillWorks() {
		String token = DavAccounts.tokenOf(server, "erin");
		DavClient guesser = new DavClient(server, "erin", "coffer_pat_" + SecretTokens.newToken());
		for (int i = 0; i < 3; i++) {
			assertUnauthorized(guesser.send("PROPFIND", "/dav/", null, "Depth", "0"), "failure " + (i + 1));
		}
		HttpResponse<String> locked = guesser.send("PROPFIND", "/dav/", null, "Depth", "0");
		assertThat(locked.statusCode()).isEqualTo(429);
		assertThat(locked.headers().firstValue("Retry-After")).isPresent();
		// The name is locked for guesses; its owner's token is not a guess.
		assertThat(new DavClient(server, "erin", token).send("PROPFIND", "/dav/", null, "Depth", "0").statusCode())
			.isEqualTo(207);
	}

	private static void assertUnauthorized(HttpResponse<String> response, String what) {
		assertThat(response.statusCode()).as(what).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).as(what).hasValue("Basic realm=\"Coffer\"");
		assertThat(response.headers().allValues("Set-Cookie")).as(what).isEmpty();
		assertThat(response.body()).as(what).isEmpty();
	}

}
