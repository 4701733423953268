package dev.coffer.server.admin;

import java.net.http.HttpResponse;
import java.util.Map;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The administrators' user list: search, usage, quota, disable/enable. */
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
	void usernamesWithMarkup_areEscaped() {
		server.client()
			.submit("/signup", "/signup", Map.of("username", "x", "email", "\"><script>alert(1)</script>@e.org",
					"password", PASSWORD, "passwordConfirmation", PASSWORD));
		Document page = WebClient.html(admin.get("/admin/users"));
		assertThat(page.select("script:not([src])")).isEmpty();
	}

}
