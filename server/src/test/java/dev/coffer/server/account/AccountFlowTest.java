package dev.coffer.server.account;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-up, login, account page and logout over real HTTPS against the running
 * application.
 */
class AccountFlowTest {

	static final String PASSWORD = "correct horse battery staple";

	static TestServer server;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		// The first account on a server becomes the administrator.
		HttpResponse<String> first = server.client().signUp("root-admin", PASSWORD);
		assertThat(first.statusCode()).isEqualTo(302);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void signUp_logIn_accountPage_logOut() {
		WebClient browser = server.client();
		HttpResponse<String> signUp = browser.signUp("alice", PASSWORD);
		assertThat(signUp.statusCode()).isEqualTo(302);
		assertThat(signUp.headers().firstValue("Location")).hasValueSatisfying((l) -> assertThat(l).endsWith("/login"));
		assertThat(browser.get("/login").body()).contains("Your account is ready");

		HttpResponse<String> login = browser.login("alice", PASSWORD);
		assertThat(login.statusCode()).isEqualTo(302);
		assertThat(login.headers().firstValue("Location").orElseThrow()).doesNotContain("error");

		HttpResponse<String> account = browser.get("/account");
		assertThat(account.statusCode()).isEqualTo(200);
		assertThat(WebClient.html(account).select("dl.facts dd").first().text()).isEqualTo("alice");
		assertThat(account.body()).contains(">User<").doesNotContain("Invite someone");

		HttpResponse<String> logout = browser.logout();
		assertThat(logout.statusCode()).isEqualTo(302);
		assertThat(logout.headers().firstValue("Location").orElseThrow()).endsWith("/login?logout");
		HttpResponse<String> afterLogout = browser.get("/account");
		assertThat(afterLogout.statusCode()).isEqualTo(302);
		assertThat(afterLogout.headers().firstValue("Location").orElseThrow()).endsWith("/login");
	}

	@Test
	void signUpPage_forASignedInUser_leadsToTheirFiles() {
		WebClient browser = server.client();
		browser.signUp("signed-in-already", PASSWORD);
		browser.login("signed-in-already", PASSWORD);

		HttpResponse<String> signUp = browser.get("/signup");
		assertThat(signUp.statusCode()).isEqualTo(302);
		assertThat(signUp.headers().firstValue("Location").orElseThrow()).endsWith("/files");
		assertThat(server.client().get("/signup").statusCode()).as("signed out: the form").isEqualTo(200);
	}

	@Test
	void firstAccount_isAdministrator_andSeesInvites() {
		WebClient admin = server.client();
		admin.login("root-admin", PASSWORD);
		HttpResponse<String> account = admin.get("/account");
		assertThat(account.body()).contains("Administrator").contains("Invite someone");
	}

	@Test
	void login_rotatesTheSessionId() {
		WebClient browser = server.client();
		browser.signUp("rotator", PASSWORD);
		browser.get("/login");
		String before = browser.sessionCookie();
		assertThat(before).isNotNull();
		browser.login("rotator", PASSWORD);
		String after = browser.sessionCookie();
		assertThat(after).isNotNull().isNotEqualTo(before);
	}

	@Test
	void login_withWrongPassword_orUnknownUser_saysTheSameThing() {
		WebClient browser = server.client();
		browser.signUp("known-user", PASSWORD);
		HttpResponse<String> wrongPassword = browser.login("known-user", "not the right password");
		HttpResponse<String> unknownUser = browser.login("nobody-here", "not the right password");
		assertThat(wrongPassword.headers().firstValue("Location"))
			.isEqualTo(unknownUser.headers().firstValue("Location"));
		assertThat(wrongPassword.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
		assertThat(browser.get("/login?error").body()).contains("Invalid username or password.");
	}

	@Test
	void login_isCaseInsensitive_onUsername() {
		WebClient browser = server.client();
		browser.signUp("MixedCase", PASSWORD);
		HttpResponse<String> login = browser.login("mixedcase", PASSWORD);
		assertThat(login.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
	}

	@Test
	void post_withoutCsrfToken_is403_andChangesNothing() {
		WebClient browser = server.client();
		browser.signUp("csrf-victim", PASSWORD);
		browser.login("csrf-victim", PASSWORD);
		HttpResponse<String> forged = browser.postForm("/account/password", Map.of("currentPassword", PASSWORD,
				"newPassword", "an attacker chose this", "newPasswordConfirmation", "an attacker chose this"));
		assertThat(forged.statusCode()).isEqualTo(403);
		WebClient again = server.client();
		assertThat(again.login("csrf-victim", PASSWORD).headers().firstValue("Location").orElseThrow())
			.doesNotContain("error");
	}

	@Test
	void signUp_withoutCsrfToken_is403() {
		HttpResponse<String> forged = server.client()
			.postForm("/signup", Map.of("username", "forged", "password", PASSWORD, "passwordConfirmation", PASSWORD));
		assertThat(forged.statusCode()).isEqualTo(403);
		assertThat(server.client().login("forged", PASSWORD).headers().firstValue("Location").orElseThrow())
			.endsWith("error");
	}

	@Test
	void logout_byGet_doesNotSignOut() {
		WebClient browser = server.client();
		browser.signUp("stays-in", PASSWORD);
		browser.login("stays-in", PASSWORD);
		browser.get("/logout");
		assertThat(browser.get("/account").statusCode()).isEqualTo(200);
	}

	@Test
	void signUp_withShortPassword_is400_withAClearMessage() {
		HttpResponse<String> response = server.client().signUp("shorty", "too short");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(WebClient.html(response).select(".flash.error").text()).contains("at least 12 characters");
		assertThat(server.client().login("shorty", "too short").headers().firstValue("Location").orElseThrow())
			.endsWith("error");
	}

	@Test
	void signUp_withCommonPassword_is400_withAClearMessage() {
		HttpResponse<String> response = server.client().signUp("commoner", "Password1234");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(WebClient.html(response).select(".flash.error").text()).contains("common or breached");
	}

	@Test
	void signUp_withOverLongPassword_is400_withAClearMessage() {
		HttpResponse<String> response = server.client().signUp("verbose", "x".repeat(129));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(WebClient.html(response).select(".flash.error").text()).contains("at most 128 characters");
	}

	@Test
	void signUp_acceptsLongUnicodePassphrases() {
		WebClient browser = server.client();
		String passphrase = "Kaffee ☕ und Kuchen 🍰 im Garten";
		assertThat(browser.signUp("unicode", passphrase).statusCode()).isEqualTo(302);
		assertThat(browser.login("unicode", passphrase).headers().firstValue("Location").orElseThrow())
			.doesNotContain("error");
	}

	@Test
	void signUp_withTakenUsername_inAnyCase_is409() {
		assertThat(server.client().signUp("bob", PASSWORD).statusCode()).isEqualTo(302);
		HttpResponse<String> again = server.client().signUp("BOB", "another long password here");
		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(WebClient.html(again).select(".flash.error").text()).contains("taken");
		// The first bob keeps his password.
		assertThat(server.client().login("bob", PASSWORD).headers().firstValue("Location").orElseThrow())
			.doesNotContain("error");
	}

	@Test
	void signUp_withInvalidUsername_is400() {
		for (String name : new String[] { "ab", "has space", "<script>", "x".repeat(33), "名前" }) {
			HttpResponse<String> response = server.client().signUp(name, PASSWORD);
			assertThat(response.statusCode()).as(name).isEqualTo(400);
			assertThat(response.body()).as(name).doesNotContain("<script>alert");
		}
	}

	@Test
	void signUp_withMismatchedConfirmation_is400() {
		HttpResponse<String> response = server.client()
			.submit("/signup", "/signup",
					Map.of("username", "typo", "password", PASSWORD, "passwordConfirmation", PASSWORD + "!"));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("The two passwords differ.");
	}

	@Test
	void signUpPage_doesNotEchoThePassword() {
		HttpResponse<String> response = server.client().signUp("echo-check", "short pw");
		assertThat(response.body()).doesNotContain("short pw");
	}

}
