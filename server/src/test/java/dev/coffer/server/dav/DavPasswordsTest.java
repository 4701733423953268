package dev.coffer.server.dav;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.mfa.SecondFactorPages;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code coffer.dav.allow-passwords=true} on a real server over HTTPS: an account without
 * a second factor signs in at {@code /dav/} with its password; one with an authenticator
 * app never does, its right password answered as a wrong one; password failures count in
 * the sign-in throttle that the sign-in page uses, and lock both. The default (tokens
 * only) is DavAuthenticationTest's.
 */
class DavPasswordsTest {

	static TestServer server;

	@BeforeAll
	static void start() {
		server = TestServer.start("coffer.dav.allow-passwords=true", "coffer.throttle.login.lock-after=3",
				"coffer.throttle.login.delay-after=100");
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void thePassword_ofAnAccountWithoutASecondFactor_signsIn() {
		DavAccounts.signUp(server, "pat");
		DavClient pat = new DavClient(server, "pat", DavAccounts.PASSWORD);
		assertThat(pat.send("PUT", "/dav/by-password.txt", "signed in with a password").statusCode()).isEqualTo(201);
		HttpResponse<byte[]> read = pat.get("/dav/by-password.txt");
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(new String(read.body())).isEqualTo("signed in with a password");
		assertThat(read.headers().allValues("Set-Cookie")).isEmpty();
	}

	@Test
	void theRightPassword_ofAnAccountWithAnAuthenticatorApp_isAnsweredAsAWrongOne_whileItsTokenWorks() {
		DavAccounts.Account tom = DavAccounts.signUp(server, "tom");
		assertThat(new DavClient(server, "tom", DavAccounts.PASSWORD).send("PROPFIND", "/dav/", null, "Depth", "0")
			.statusCode()).as("before the second factor").isEqualTo(207);
		enrolAuthenticatorApp(tom.browser());
		HttpResponse<String> right = new DavClient(server, "tom", DavAccounts.PASSWORD).send("PROPFIND", "/dav/", null,
				"Depth", "0");
		HttpResponse<String> wrong = new DavClient(server, "tom", "not the password").send("PROPFIND", "/dav/", null,
				"Depth", "0");
		for (HttpResponse<String> response : java.util.List.of(right, wrong)) {
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Coffer\"");
			assertThat(response.body()).isEmpty();
		}
		assertThat(new DavClient(server, "tom", tom.token()).send("PROPFIND", "/dav/", null, "Depth", "0").statusCode())
			.isEqualTo(207);
	}

	@Test
	void wrongPasswords_lockTheNameHereAndOnTheSignInPage_butNotItsToken() {
		DavAccounts.Account wes = DavAccounts.signUp(server, "wes");
		DavClient guesser = new DavClient(server, "wes", "a wrong guess 1234");
		for (int i = 0; i < 3; i++) {
			assertThat(guesser.send("PROPFIND", "/dav/", null, "Depth", "0").statusCode()).as("failure " + (i + 1))
				.isEqualTo(401);
		}
		HttpResponse<String> locked = new DavClient(server, "wes", DavAccounts.PASSWORD).send("PROPFIND", "/dav/", null,
				"Depth", "0");
		assertThat(locked.statusCode()).as("the right password, while locked").isEqualTo(429);
		assertThat(locked.headers().firstValue("Retry-After")).isPresent();
		assertThat(server.client().login("wes", DavAccounts.PASSWORD).statusCode()).as("the sign-in page")
			.isEqualTo(429);
		assertThat(new DavClient(server, "wes", wes.token()).send("PROPFIND", "/dav/", null, "Depth", "0").statusCode())
			.isEqualTo(207);
	}

	@Test
	void aPasswordSignIn_forgivesTheNamesFailures() {
		DavAccounts.signUp(server, "fay");
		DavClient guesser = new DavClient(server, "fay", "a wrong guess 1234");
		DavClient fay = new DavClient(server, "fay", DavAccounts.PASSWORD);
		assertThat(guesser.send("PROPFIND", "/dav/", null, "Depth", "0").statusCode()).isEqualTo(401);
		assertThat(guesser.send("PROPFIND", "/dav/", null, "Depth", "0").statusCode()).isEqualTo(401);
		assertThat(fay.send("PROPFIND", "/dav/", null, "Depth", "0").statusCode()).isEqualTo(207);
		assertThat(guesser.send("PROPFIND", "/dav/", null, "Depth", "0").statusCode()).isEqualTo(401);
		assertThat(guesser.send("PROPFIND", "/dav/", null, "Depth", "0").statusCode()).isEqualTo(401);
		assertThat(fay.send("PROPFIND", "/dav/", null, "Depth", "0").statusCode()).isEqualTo(207);
	}

	@Test
	void onAServerThatRequiresASecondFactor_aPasswordAloneNeverSignsIn() {
		try (TestServer requiring = TestServer.start("coffer.dav.allow-passwords=true",
				"coffer.security.require-second-factor=true")) {
			requiring.client().signUp("nora", DavAccounts.PASSWORD);
			assertThat(requiring.client().login("nora", DavAccounts.PASSWORD).statusCode())
				.as("the password is right: the sign-in page goes on to enrolment")
				.isEqualTo(302);
			HttpResponse<String> refused = new DavClient(requiring, "nora", DavAccounts.PASSWORD).send("PROPFIND",
					"/dav/", null, "Depth", "0");
			assertThat(refused.statusCode()).isEqualTo(401);
			assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Coffer\"");
		}
	}

	/** Sets up an authenticator app on the account page, with the code it shows now. */
	private static void enrolAuthenticatorApp(WebClient browser) {
		String secret = WebClient.html(browser.get("/account/second-factor"))
			.selectFirst("input[aria-label=Secret key]")
			.attr("value");
		HttpResponse<String> confirmed = browser.submit("/account/second-factor", "/account/second-factor/confirm",
				Map.of("code", SecondFactorPages.codeNow(secret)));
		SecondFactorPages.recoveryCodesPage(browser, confirmed);
	}

}
