package dev.coffer.server.admin;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCose;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialType;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;

import dev.coffer.server.mfa.SecondFactorPages;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The administrators' user list: search, usage, quota, disable/enable, and which users
 * have a second factor to reset.
 */
class AdminUsersTest {

	static final String PASSWORD = "correct horse battery staple";

	static TestServer server;

	static WebClient admin;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		admin = server.client();
		admin.signUp("root", PASSWORD);
		admin.login("root", PASSWORD);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void list_showsUsersWithUsage_andSearches() {
		WebClient alice = server.client();
		alice.signUp("alice-admin-test", PASSWORD);
		alice.login("alice-admin-test", PASSWORD);
		alice.send(alice.apiRequest("/api/v1/files?name=a.bin")
			.PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[3 * 1024 * 1024]))
			.build());
		Document page = WebClient.html(admin.get("/admin/users?q=alice-admin"));
		assertThat(page.select("tbody tr")).hasSize(1);
		assertThat(page.select("tbody tr").text()).contains("alice-admin-test").contains("3 MiB").contains("Enabled");
		assertThat(WebClient.html(admin.get("/admin/users")).select("tbody tr").size()).isGreaterThanOrEqualTo(2);
	}

	@Test
	void disable_endsTheUsersSessions_andEnableLetsThemBackIn() {
		WebClient bob = server.client();
		bob.signUp("bob-admin-test", PASSWORD);
		bob.login("bob-admin-test", PASSWORD);
		HttpResponse<String> disable = admin.submit("/admin/users?q=bob-admin-test", "/admin/users/enabled",
				Map.of("username", "bob-admin-test", "enabled", "false"));
		assertThat(disable.statusCode()).isEqualTo(302);
		assertThat(bob.get("/files").statusCode()).isEqualTo(302);
		assertThat(server.client().login("bob-admin-test", PASSWORD).headers().firstValue("Location").orElseThrow())
			.endsWith("/login?disabled");
		admin.submit("/admin/users?q=bob-admin-test", "/admin/users/enabled",
				Map.of("username", "bob-admin-test", "enabled", "true"));
		assertThat(server.client().login("bob-admin-test", PASSWORD).headers().firstValue("Location").orElseThrow())
			.doesNotContain("error")
			.doesNotContain("disabled");
	}

	@Test
	void quota_canBeSet_andBadValuesAre400() {
		WebClient carol = server.client();
		carol.signUp("carol-admin-test", PASSWORD);
		carol.login("carol-admin-test", PASSWORD);
		HttpResponse<String> set = admin.submit("/admin/users?q=carol-admin-test", "/admin/users/quota",
				Map.of("username", "carol-admin-test", "quota", "1MB"));
		assertThat(set.statusCode()).isEqualTo(302);
		// Said in the unit every page uses ("1MB" is a binary MiB here), not echoed as
		// typed.
		assertThat(WebClient.html(admin.get("/admin/users")).select(".flash.success").text())
			.isEqualTo("Quota of carol-admin-test set to 1 MiB (1,048,576 bytes).");
		HttpResponse<String> tooBig = carol.send(carol.apiRequest("/api/v1/files?name=big.bin")
			.PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[2 * 1024 * 1024]))
			.build());
		assertThat(tooBig.statusCode()).isEqualTo(413);
		HttpResponse<String> bad = admin.submit("/admin/users?q=carol-admin-test", "/admin/users/quota",
				Map.of("username", "carol-admin-test", "quota", "lots"));
		assertThat(bad.statusCode()).isEqualTo(400);
		assertThat(WebClient.html(bad).select(".flash.error").text()).contains("like 500 MiB");

		// The field shows the quota in the unit every page uses, and takes it back as
		// shown.
		HttpResponse<String> binary = admin.submit("/admin/users?q=carol-admin-test", "/admin/users/quota",
				Map.of("username", "carol-admin-test", "quota", "1.5 GiB"));
		assertThat(binary.statusCode()).isEqualTo(302);
		assertThat(WebClient.html(admin.get("/admin/users?q=carol-admin-test"))
			.select("input#quota-carol-admin-test")
			.attr("value")).isEqualTo("1.5 GiB");
	}

	@Test
	void theOnlyAdmin_cannotBeDisabled() {
		HttpResponse<String> response = admin.submit("/admin/users?q=root", "/admin/users/enabled",
				Map.of("username", "root", "enabled", "false"));
		assertThat(response.statusCode()).isEqualTo(409);
		assertThat(admin.get("/files").statusCode()).isEqualTo(200);
	}

	@Test
	void nonAdmins_getNotFound_andCannotPost() {
		WebClient dave = server.client();
		dave.signUp("dave-admin-test", PASSWORD);
		dave.login("dave-admin-test", PASSWORD);
		assertThat(dave.get("/admin/users").statusCode()).isEqualTo(404);
		String csrf = WebClient.html(dave.get("/files")).selectFirst("input[name=_csrf]").attr("value");
		HttpResponse<String> attempt = dave.postForm("/admin/users/quota",
				Map.of("_csrf", csrf, "username", "dave-admin-test", "quota", "1TB"));
		assertThat(attempt.statusCode()).isEqualTo(404);
	}

	@Test
	void eachRow_offersToResetASecondFactor_exactlyWhenTheUserHasOne_anAppAPasskeyOrBoth() {
		signedIn("mfa-none");
		// An authenticator app set up but never confirmed with a code is no second
		// factor.
		signedIn("mfa-pending").get("/account/second-factor");
		enrolAuthenticatorApp(signedIn("mfa-app"));
		signedIn("mfa-passkey");
		storePasskey("mfa-passkey");
		enrolAuthenticatorApp(signedIn("mfa-both"));
		storePasskey("mfa-both");

		// The second factors of the listed users are found at once: listing five users
		// runs no more statements on their tables than listing one.
		Map<String, Long> forOne = secondFactorStatements("/admin/users?q=mfa-none");
		Map<String, Long> forFive = secondFactorStatements("/admin/users?q=mfa-");
		assertThat(forFive.values().stream().mapToLong(Long::longValue).sum())
			.as("%s for five, %s for one", forFive, forOne)
			.isEqualTo(forOne.values().stream().mapToLong(Long::longValue).sum());

		Document page = WebClient.html(admin.get("/admin/users?q=mfa-"));
		Map<String, Boolean> resettable = new TreeMap<>();
		for (Element row : page.select("tbody tr")) {
			resettable.put(row.selectFirst("strong").text(),
					row.selectFirst("form[action=/admin/users/second-factor/reset]") != null);
		}
		assertThat(resettable).isEqualTo(Map.of("mfa-none", false, "mfa-pending", false, "mfa-app", true, "mfa-passkey",
				true, "mfa-both", true));
	}

	/**
	 * The statements on the tables of second factors that showing the admin a page ran,
	 * with how often each ran, as H2 (the test server's database) counts them.
	 */
	private static Map<String, Long> secondFactorStatements(String path) {
		JdbcClient jdbc = server.bean(JdbcClient.class);
		jdbc.sql("set query_statistics true").update();
		try {
			Map<String, Long> before = statementCounts(jdbc);
			assertThat(admin.get(path).statusCode()).isEqualTo(200);
			Map<String, Long> ran = new HashMap<>();
			statementCounts(jdbc).forEach((statement, count) -> {
				String text = statement.toLowerCase(Locale.ROOT);
				long times = count - before.getOrDefault(statement, 0L);
				if (times > 0 && (text.contains("totp_credentials") || text.contains("user_credentials"))) {
					ran.put(statement, times);
				}
			});
			return ran;
		}
		finally {
			jdbc.sql("set query_statistics false").update();
		}
	}

	private static Map<String, Long> statementCounts(JdbcClient jdbc) {
		Map<String, Long> counts = new HashMap<>();
		jdbc.sql("select sql_statement, execution_count from information_schema.query_statistics")
			.query((rs, row) -> counts.merge(rs.getString(1), rs.getLong(2), Long::sum))
			.list();
		return counts;
	}

	private static WebClient signedIn(String username) {
		WebClient client = server.client();
		client.signUp(username, PASSWORD);
		client.login(username, PASSWORD);
		return client;
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

	/** A passkey, stored as Spring Security stores one it registered. */
	private static void storePasskey(String username) {
		PublicKeyCredentialUserEntity entity = ImmutablePublicKeyCredentialUserEntity.builder()
			.id(Bytes.random())
			.name(username)
			.displayName(username)
			.build();
		server.bean(PublicKeyCredentialUserEntityRepository.class).save(entity);
		server.bean(UserCredentialRepository.class)
			.save(ImmutableCredentialRecord.builder()
				.credentialType(PublicKeyCredentialType.PUBLIC_KEY)
				.credentialId(Bytes.random())
				.userEntityUserId(entity.getId())
				.publicKey(new ImmutablePublicKeyCose(new byte[] { 1, 2, 3 }))
				.signatureCount(0)
				.uvInitialized(true)
				.transports(Set.of())
				.backupEligible(false)
				.backupState(false)
				.label("laptop")
				.build());
	}

	@Test
	void usernamesWithMarkup_areEscaped() {
		server.client()
			.submit("/signup", "/signup", Map.of("username", "x", "email", "\"><script>alert(1)</script>@e.org",
					"password", PASSWORD, "passwordConfirmation", PASSWORD));
		Document page = WebClient.html(admin.get("/admin/users"));
		assertThat(page.select("script:not([src])")).isEmpty();
	}

}
