package dev.coffer.server.account;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Changing a password, deleting an account, and what happens to the user's sessions. */
class AccountLifecycleTest {

	static final String PASSWORD = "correct horse battery staple";

	static final String NEW_PASSWORD = "a brand new passphrase 2026";

	static TestServer server;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		server.client().signUp("first-admin", PASSWORD);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void changePassword_endsTheUsersOtherSessions_butNotThisOne() {
		server.client().signUp("carol", PASSWORD);
		WebClient laptop = server.client();
		WebClient phone = server.client();
		laptop.login("carol", PASSWORD);
		phone.login("carol", PASSWORD);
		String laptopSession = laptop.sessionCookie();

		HttpResponse<String> change = laptop.submit("/account", "/account/password", Map.of("currentPassword", PASSWORD,
				"newPassword", NEW_PASSWORD, "newPasswordConfirmation", NEW_PASSWORD));

		assertThat(change.statusCode()).isEqualTo(302);
		assertThat(laptop.sessionCookie()).isNotEqualTo(laptopSession);
		HttpResponse<String> laptopPage = laptop.get("/account");
		assertThat(laptopPage.statusCode()).isEqualTo(200);
		assertThat(laptopPage.body()).contains("Password changed");
		assertThat(phone.get("/account").statusCode()).isEqualTo(302);
		assertThat(server.client().login("carol", PASSWORD).headers().firstValue("Location").orElseThrow())
			.endsWith("error");
		assertThat(server.client().login("carol", NEW_PASSWORD).headers().firstValue("Location").orElseThrow())
			.doesNotContain("error");
	}

	@Test
	void changePassword_withWrongCurrentPassword_is400_andKeepsTheOldOne() {
		server.client().signUp("dave", PASSWORD);
		WebClient browser = server.client();
		browser.login("dave", PASSWORD);
		HttpResponse<String> change = browser.submit("/account", "/account/password", Map.of("currentPassword",
				"this is not it at all", "newPassword", NEW_PASSWORD, "newPasswordConfirmation", NEW_PASSWORD));
		assertThat(change.statusCode()).isEqualTo(400);
		assertThat(change.body()).contains("current password is not correct");
		assertThat(server.client().login("dave", PASSWORD).headers().firstValue("Location").orElseThrow())
			.doesNotContain("error");
	}

	@Test
	void changePassword_toTheSamePassword_is400_changesNothing_andSignsNoSessionOut() {
		server.client().signUp("gwen", PASSWORD);
		WebClient browser = server.client();
		WebClient phone = server.client();
		browser.login("gwen", PASSWORD);
		phone.login("gwen", PASSWORD);
		String before = server.bean(JdbcClient.class)
			.sql("select password_hash from users where username = 'gwen'")
			.query(String.class)
			.single();
		// The same password, also when typed in another Unicode form that hashes alike.
		for (String same : new String[] { PASSWORD, PASSWORD.replace("c", "\uFF43") }) {
			HttpResponse<String> change = browser.submit("/account", "/account/password",
					Map.of("currentPassword", PASSWORD, "newPassword", same, "newPasswordConfirmation", same));
			assertThat(change.statusCode()).isEqualTo(400);
			assertThat(change.body()).contains("same as your current one");
		}
		assertThat(server.bean(JdbcClient.class)
			.sql("select password_hash from users where username = 'gwen'")
			.query(String.class)
			.single()).isEqualTo(before);
		assertThat(phone.get("/account").statusCode()).isEqualTo(200);
		assertThat(browser.get("/account").statusCode()).isEqualTo(200);
	}

	@Test
	void changePassword_toACommonOne_is400() {
		server.client().signUp("erin", PASSWORD);
		WebClient browser = server.client();
		browser.login("erin", PASSWORD);
		HttpResponse<String> change = browser.submit("/account", "/account/password", Map.of("currentPassword",
				PASSWORD, "newPassword", "qwertyuiop123", "newPasswordConfirmation", "qwertyuiop123"));
		assertThat(change.statusCode()).isEqualTo(400);
		assertThat(change.body()).contains("common or breached");
	}

	@Test
	void deleteAccount_removesItAndEndsAllSessions() {
		server.client().signUp("frank", PASSWORD);
		WebClient browser = server.client();
		WebClient otherDevice = server.client();
		browser.login("frank", PASSWORD);
		otherDevice.login("frank", PASSWORD);

		HttpResponse<String> delete = browser.submit("/account", "/account/delete", Map.of("password", PASSWORD));

		assertThat(delete.statusCode()).isEqualTo(302);
		assertThat(delete.headers().firstValue("Location").orElseThrow()).endsWith("/login?deleted");
		assertThat(otherDevice.get("/account").statusCode()).isEqualTo(302);
		assertThat(server.client().login("frank", PASSWORD).headers().firstValue("Location").orElseThrow())
			.endsWith("error");
		// The name is free again.
		assertThat(server.client().signUp("frank", PASSWORD).statusCode()).isEqualTo(302);
	}

	@Test
	void deleteAccount_withWrongPassword_is400_andDeletesNothing() {
		server.client().signUp("grace", PASSWORD);
		WebClient browser = server.client();
		browser.login("grace", PASSWORD);
		HttpResponse<String> delete = browser.submit("/account", "/account/delete",
				Map.of("password", "wrong wrong wrong"));
		assertThat(delete.statusCode()).isEqualTo(400);
		assertThat(browser.get("/account").statusCode()).isEqualTo(200);
	}

	@Test
	void deleteAccount_ofTheOnlyAdmin_is409() {
		WebClient admin = server.client();
		admin.login("first-admin", PASSWORD);
		HttpResponse<String> delete = admin.submit("/account", "/account/delete", Map.of("password", PASSWORD));
		assertThat(delete.statusCode()).isEqualTo(409);
		assertThat(delete.body()).contains("only administrator");
		assertThat(admin.get("/account").statusCode()).isEqualTo(200);
	}

	@Test
	void disabledAccount_cannotSignIn_andLosesItsSessions() {
		server.client().signUp("heidi", PASSWORD);
		WebClient browser = server.client();
		browser.login("heidi", PASSWORD);

		server.bean(AccountService.class).setEnabled("heidi", false);

		assertThat(browser.get("/account").statusCode()).isEqualTo(302);
		HttpResponse<String> login = server.client().login("heidi", PASSWORD);
		assertThat(login.headers().firstValue("Location").orElseThrow()).endsWith("/login?disabled");
		// Without the right password, a disabled account looks like any failed login.
		HttpResponse<String> guess = server.client().login("heidi", "some guess or other");
		assertThat(guess.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
	}

	@Test
	void adminPages_lookAbsentToUsers() {
		server.client().signUp("ivan", PASSWORD);
		WebClient browser = server.client();
		browser.login("ivan", PASSWORD);
		String csrf = WebClient.html(browser.get("/account")).selectFirst("input[name=_csrf]").attr("value");
		HttpResponse<String> attempt = browser.postForm("/admin/invites", Map.of("_csrf", csrf));
		assertThat(attempt.statusCode()).isEqualTo(404);
		assertThat(browser.get("/account").body()).doesNotContain("/signup?invite=");
	}

}
