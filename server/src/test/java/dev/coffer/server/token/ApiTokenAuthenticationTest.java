package dev.coffer.server.token;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.server.SecretTokens;
import dev.coffer.server.account.AccountService;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;
import dev.coffer.testendpoints.EchoEndpoints;

import static dev.coffer.server.token.TokenPages.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Authorization: Bearer} against the running application over real HTTPS: which
 * tokens are accepted, from where, with which authorities, and what a refusal looks like.
 */
class ApiTokenAuthenticationTest {

	static TestServer server;

	static WebClient admin;

	static WebClient alice;

	static String aliceToken;

	@BeforeAll
	static void start() {
		server = TestServer.startWith(new Class<?>[] { EchoEndpoints.class });
		admin = signedIn("root"); // the first account, admin
		alice = signedIn("alice");
		aliceToken = TokenPages.create(alice, "alice's laptop", "30");
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void validToken_getMe_is200_withTheUsername_andCreatesNoSession() {
		HttpResponse<String> me = TokenPages.call(server.client(), "GET", "/api/v1/me", aliceToken);
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(me.body()).contains("\"username\":\"alice\"");
		assertThat(me.headers().allValues("Set-Cookie")).isEmpty();
		assertThat(me.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
		assertThat(me.headers().firstValue("Content-Security-Policy")).isPresent();
	}

	@Test
	void noToken_is401Problem_withBearerChallenge_andCreatesNoSession() {
		HttpResponse<String> response = TokenPages.call(server.client(), "GET", "/api/v1/me", null);
		assertUnauthorized(response);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		// curl sends Accept: */*; its 401 must not leave a session behind either.
		WebClient curl = server.client();
		HttpResponse<String> anyAccept = curl.send(curl.request("/api/v1/me").setHeader("Accept", "*/*").build());
		assertUnauthorized(anyAccept);
	}

	@Test
	void wrongOrGarbledToken_is401Problem_withInvalidTokenChallenge() {
		String wrong = "coffer_pat_" + SecretTokens.newToken();
		String[] tokens = { wrong, aliceToken + "x", aliceToken.substring(0, aliceToken.length() - 1),
				aliceToken.replace("coffer_pat_", "coffer_xyz_"), "not a token!", "a.b.c", "%%%", "" };
		for (String token : tokens) {
			HttpResponse<String> response = TokenPages.call(server.client(), "GET", "/api/v1/me", token);
			assertUnauthorized(response);
			assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).as(token)
				.startsWith("Bearer error=\"invalid_token\"");
			assertThat(response.body()).as(token).contains("not valid");
		}
		WebClient client = server.client();
		HttpResponse<String> lowerCase = client.send(client.request("/api/v1/me")
			.setHeader("Authorization", "bearer " + wrong)
			.setHeader("Accept", "application/json")
			.build());
		assertUnauthorized(lowerCase);
	}

	/** Two tokens are two identities: the request is refused, not run as the first. */
	@Test
	void twoAuthorizationHeaders_are400_notTheFirstUser() {
		String rootToken = TokenPages.create(admin, "root's script", "30");
		WebClient client = server.client();
		HttpResponse<String> twice = client.send(client.request("/api/v1/me")
			.header("Authorization", "Bearer " + aliceToken)
			.header("Authorization", "Bearer " + rootToken)
			.setHeader("Accept", "application/json")
			.build());
		assertThat(twice.statusCode()).as(twice.body()).isEqualTo(400);
		assertThat(twice.body()).contains("Send one Authorization header").doesNotContain("alice");
		assertThat(twice.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_request\"");
		assertThat(TokenPages.call(server.client(), "GET", "/api/v1/me", aliceToken).statusCode()).isEqualTo(200);
	}

	@Test
	void tokenInACookieOrQueryOrFormParameter_isNotAccepted() {
		WebClient client = server.client();
		HttpResponse<String> query = client.send(client.request("/api/v1/me?access_token=" + aliceToken)
			.setHeader("Accept", "application/json")
			.build());
		assertUnauthorized(query);

		HttpResponse<String> cookie = client.send(client.request("/api/v1/me")
			.setHeader("Accept", "application/json")
			.setHeader("Cookie",
					"access_token=" + aliceToken + "; token=" + aliceToken + "; Authorization=Bearer%20" + aliceToken)
			.build());
		assertUnauthorized(cookie);

		HttpResponse<String> form = client.send(client.request(EchoEndpoints.PATH)
			.setHeader("Accept", "application/json")
			.setHeader("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("access_token=" + aliceToken))
			.build());
		assertThat(form.statusCode()).isIn(401, 403);
		assertThat(form.body()).doesNotContain("alice");
	}

	@Test
	void stateChangingRequests_withBearer_needNoCsrfToken() {
		for (String method : new String[] { "POST", "PUT", "DELETE" }) {
			HttpResponse<String> response = TokenPages.call(server.client(), method, EchoEndpoints.PATH, aliceToken);
			assertThat(response.statusCode()).as(method).isEqualTo(200);
			assertThat(response.body()).contains("\"method\":\"" + method + "\"").contains("\"name\":\"alice\"");
			assertThat(response.headers().allValues("Set-Cookie")).as(method).isEmpty();
		}
	}

	@Test
	void stateChangingRequests_withSessionOnly_stillNeedTheCsrfToken() {
		HttpResponse<String> withoutCsrf = alice.send(alice.request(EchoEndpoints.PATH)
			.setHeader("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());
		assertThat(withoutCsrf.statusCode()).isEqualTo(403);

		HttpResponse<String> withCsrf = alice.send(alice.request(EchoEndpoints.PATH)
			.setHeader("Accept", "application/json")
			.setHeader("X-CSRF-TOKEN", TokenPages.csrf(alice))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());
		assertThat(withCsrf.statusCode()).isEqualTo(200);
		assertThat(withCsrf.body()).contains("\"name\":\"alice\"");
	}

	@Test
	void token_actsWithItsOwnersRolesAndScope_only() {
		HttpResponse<String> user = TokenPages.call(server.client(), "GET", EchoEndpoints.PATH, aliceToken);
		assertThat(user.body()).contains("\"ROLE_USER\"", "\"SCOPE_files\"").doesNotContain("ROLE_ADMIN");

		String adminToken = TokenPages.create(admin, "admin script", "7");
		HttpResponse<String> adminCall = TokenPages.call(server.client(), "GET", EchoEndpoints.PATH, adminToken);
		assertThat(adminCall.body()).contains("\"name\":\"root\"", "\"ROLE_ADMIN\"", "\"ROLE_USER\"",
				"\"SCOPE_files\"");
	}

	@Test
	void token_sentWithAnotherUsersSessionCookie_actsAsTheTokenOwnerAlone() {
		// The admin's browser session goes along with alice's token: the token decides,
		// none of the session's authorities leak in, and the session is left untouched.
		JdbcClient jdbc = server.bean(JdbcClient.class);
		String sessions = "select SESSION_ID, LAST_ACCESS_TIME from SPRING_SESSION where PRINCIPAL_NAME = 'root'";
		var before = jdbc.sql(sessions).query().listOfRows();
		assertThat(before).isNotEmpty();
		HttpResponse<String> mixed = admin.send(admin.request(EchoEndpoints.PATH)
			.setHeader("Accept", "application/json")
			.setHeader("Authorization", "Bearer " + aliceToken)
			.build());
		assertThat(mixed.statusCode()).isEqualTo(200);
		assertThat(mixed.body()).contains("\"name\":\"alice\"").doesNotContain("ROLE_ADMIN");
		assertThat(mixed.headers().allValues("Set-Cookie")).isEmpty();
		assertThat(jdbc.sql(sessions).query().listOfRows()).isEqualTo(before);

		// An invalid token with a valid session is refused, not rescued by it.
		HttpResponse<String> invalid = admin.send(admin.request("/api/v1/me")
			.setHeader("Accept", "application/json")
			.setHeader("Authorization", "Bearer coffer_pat_" + SecretTokens.newToken())
			.build());
		assertUnauthorized(invalid);
	}

	@Test
	void token_cannotDriveTheWebPages() {
		WebClient client = server.client();
		HttpResponse<String> page = client
			.send(client.request("/account").setHeader("Authorization", "Bearer " + aliceToken).build());
		assertThat(page.statusCode()).isEqualTo(302);
		assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith("/login");

		HttpResponse<String> mint = client.send(client.request("/account/tokens")
			.setHeader("Authorization", "Bearer " + aliceToken)
			.setHeader("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("name=minted&expiresIn=never"))
			.build());
		assertThat(mint.statusCode()).isEqualTo(403);
		assertThat(server.bean(JdbcClient.class)
			.sql("select count(*) from api_tokens where name = 'minted'")
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void expiredToken_is401() {
		WebClient bob = signedIn("bob");
		String token = TokenPages.create(bob, "short-lived", "7");
		assertThat(TokenPages.call(server.client(), "GET", "/api/v1/me", token).statusCode()).isEqualTo(200);
		server.bean(JdbcClient.class)
			.sql("update api_tokens set expires_at = ? where token_hash = ?")
			.params(System.currentTimeMillis() - 1000, SecretTokens.hash(token))
			.update();
		assertUnauthorized(TokenPages.call(server.client(), "GET", "/api/v1/me", token));
		assertThat(WebClient.html(bob.get("/account")).select("table.tokens .token-status").text())
			.isEqualTo("Expired");
	}

	@Test
	void disablingAnAccount_revokesItsTokensForGood_enablingDoesNotReviveThem() {
		WebClient carol = signedIn("carol");
		String token = TokenPages.create(carol, "nightly", "30");
		assertThat(TokenPages.call(server.client(), "GET", "/api/v1/me", token).statusCode()).isEqualTo(200);
		AccountService accounts = server.bean(AccountService.class);
		accounts.setEnabled("carol", false);
		HttpResponse<String> refused = TokenPages.call(server.client(), "GET", "/api/v1/me", token);
		assertUnauthorized(refused);
		assertThat(refused.body()).doesNotContain("disabled");
		accounts.setEnabled("carol", true);
		assertUnauthorized(TokenPages.call(server.client(), "GET", "/api/v1/me", token));
		// Revoked, not suspended: carol's page says so, and the audit log says why.
		WebClient back = signedIn("carol");
		assertThat(WebClient.html(back.get("/account")).select("table.tokens .token-status").text())
			.isEqualTo("Revoked");
		assertThat(server.bean(JdbcClient.class)
			.sql("select details from audit_events where action = 'token.revoked' and target = "
					+ "(select concat('token:', id) from api_tokens where token_hash = ?)")
			.param(SecretTokens.hash(token))
			.query(String.class)
			.list()).containsExactly("nightly; account carol disabled, operator command");
	}

	@Test
	void deletedAccount_takesItsTokensWithIt() {
		WebClient dave = signedIn("dave");
		String token = TokenPages.create(dave, "to be deleted", "30");
		HttpResponse<String> delete = dave.submit("/account", "/account/delete", Map.of("password", PASSWORD));
		assertThat(delete.statusCode()).isEqualTo(302);
		assertUnauthorized(TokenPages.call(server.client(), "GET", "/api/v1/me", token));
		assertThat(server.bean(JdbcClient.class)
			.sql("select count(*) from api_tokens where token_hash = ?")
			.param(SecretTokens.hash(token))
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void lastUse_isRecorded_atMostOnceAMinute() {
		WebClient erin = signedIn("erin");
		String token = TokenPages.create(erin, "chatty", "30");
		JdbcClient jdbc = server.bean(JdbcClient.class);
		String lastUsed = "select last_used_at from api_tokens where token_hash = ?";
		assertThat(jdbc.sql(lastUsed).param(SecretTokens.hash(token)).query(Long.class).optional()).isEmpty();

		TokenPages.call(server.client(), "GET", "/api/v1/me", token);
		Long first = jdbc.sql(lastUsed).param(SecretTokens.hash(token)).query(Long.class).single();
		assertThat(first).isNotNull();
		for (int i = 0; i < 3; i++) {
			assertThat(TokenPages.call(server.client(), "GET", "/api/v1/me", token).statusCode()).isEqualTo(200);
		}
		assertThat(jdbc.sql(lastUsed).param(SecretTokens.hash(token)).query(Long.class).single()).isEqualTo(first);
	}

	@Test
	void unknownApiPath_withToken_is404_asProblemOrPage_withoutASession() {
		HttpResponse<String> problem = TokenPages.call(server.client(), "DELETE", "/api/v1/no-such-thing", aliceToken);
		assertThat(problem.statusCode()).isEqualTo(404);
		assertThat(problem.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(problem.headers().allValues("Set-Cookie")).isEmpty();

		WebClient browser = server.client();
		HttpResponse<String> page = browser
			.send(browser.request("/api/v1/no-such-thing").setHeader("Authorization", "Bearer " + aliceToken).build());
		assertThat(page.statusCode()).isEqualTo(404);
		assertThat(page.body()).contains("There is nothing here");
		assertThat(page.headers().allValues("Set-Cookie")).isEmpty();
	}

	@Test
	void protectedResourceMetadata_isNotPublished() {
		// The resource server's RFC 9728 metadata filter runs only in the bearer
		// chain: Coffer has no authorization server to describe.
		WebClient client = server.client();
		HttpResponse<String> response = client.send(client.request("/.well-known/oauth-protected-resource")
			.setHeader("Accept", "application/json")
			.build());
		assertThat(response.statusCode()).isNotEqualTo(200);
		assertThat(response.body()).doesNotContain("bearer_methods_supported");
	}

	private static void assertUnauthorized(HttpResponse<String> response) {
		String where = response.request().method() + " " + response.uri();
		assertThat(response.statusCode()).as(where).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).as(where)
			.startsWith("application/problem+json");
		assertThat(response.body()).as(where).contains("\"status\":401").doesNotContain("Exception");
		assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).as(where).startsWith("Bearer");
		assertThat(response.headers().allValues("Set-Cookie")).as(where).isEmpty();
		assertThat(response.headers().firstValue("Content-Security-Policy")).as(where).isPresent();
	}

	private static WebClient signedIn(String username) {
		server.client().signUp(username, PASSWORD);
		WebClient browser = server.client();
		browser.login(username, PASSWORD);
		return browser;
	}

}
