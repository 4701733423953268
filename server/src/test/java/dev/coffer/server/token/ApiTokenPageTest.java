package dev.coffer.server.token;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.server.SecretTokens;
import dev.coffer.server.account.AccountService;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static dev.coffer.server.token.TokenPages.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "API tokens" section of the account page over real HTTPS: a token is made, shown
 * once, stored only as a hash, listed, revoked; bad input re-renders the page with the
 * reason.
 */
class ApiTokenPageTest {

	static TestServer server;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		server.client().signUp("page-admin", PASSWORD); // the first account, admin
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void createdToken_worksForGetMe_andIsShownOnlyOnce() {
		WebClient alice = signedIn("alice");
		String token = TokenPages.create(alice, "laptop", "30");
		assertThat(token).matches("coffer_pat_[A-Za-z0-9_-]{43}");

		HttpResponse<String> me = TokenPages.call(server.client(), "GET", "/api/v1/me", token);
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(me.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
		assertThat(me.body()).contains("\"username\":\"alice\"").contains("\"role\":\"user\"");

		HttpResponse<String> again = alice.get("/account");
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(again.body()).doesNotContain(token).contains("laptop");
	}

	@Test
	void database_holdsOnlyTheHash_andTheSessionForgetsTheTokenOnceShown() {
		WebClient bob = signedIn("bob");
		String token = TokenPages.create(bob, "backup job", "never");
		JdbcClient jdbc = server.bean(JdbcClient.class);

		List<Map<String, Object>> rows = jdbc.sql("select * from api_tokens").query().listOfRows();
		assertThat(rows).isNotEmpty();
		assertThat(rows.toString()).doesNotContain(token).doesNotContain(token.substring("coffer_pat_".length()));
		assertThat(jdbc.sql("select count(*) from api_tokens where token_hash = ? and name = 'backup job'")
			.param(SecretTokens.hash(token))
			.query(Long.class)
			.single()).isEqualTo(1);
		// The token travelled to the page it was shown on as a flash attribute in the
		// session; once shown, no session attribute holds it either.
		for (byte[] attribute : jdbc.sql("select ATTRIBUTE_BYTES from SPRING_SESSION_ATTRIBUTES")
			.query(byte[].class)
			.list()) {
			assertThat(new String(attribute, StandardCharsets.ISO_8859_1)).doesNotContain(token);
		}
	}

	@Test
	void list_showsNameDatesAndStatus_andRevokeTakesEffectAtOnce() {
		WebClient carol = signedIn("carol");
		String token = TokenPages.create(carol, "ci runner", "7");
		assertThat(TokenPages.call(server.client(), "GET", "/api/v1/me", token).statusCode()).isEqualTo(200);

		Document page = WebClient.html(carol.get("/account"));
		var row = page.select("table.tokens tbody tr").first();
		assertThat(row.select("td").get(0).text()).isEqualTo("ci runner");
		assertThat(row.select("td").get(1).text()).matches("\\d{4}-\\d{2}-\\d{2}");
		assertThat(row.select("td").get(2).text()).matches("\\d{4}-\\d{2}-\\d{2}");
		assertThat(row.select("td").get(3).text()).isNotEqualTo("Never");
		assertThat(row.select("td").get(4).text()).isEqualTo("Active");
		long lifetime = server.bean(JdbcClient.class)
			.sql("select expires_at - created_at from api_tokens where token_hash = ?")
			.param(SecretTokens.hash(token))
			.query(Long.class)
			.single();
		assertThat(lifetime).isEqualTo(Duration.ofDays(7).toMillis());

		String revokeAction = row.selectFirst("form").attr("action");
		HttpResponse<String> revoke = carol.submit("/account", revokeAction, Map.of());
		assertThat(revoke.statusCode()).isEqualTo(302);
		Document after = WebClient.html(carol.get("/account"));
		assertThat(after.select("p.flash.success").text()).contains("ci runner").contains("revoked");
		assertThat(after.select("table.tokens tbody tr").first().select("td").get(4).text()).isEqualTo("Revoked");
		assertThat(after.select("table.tokens tbody tr").first().select("form")).isEmpty();

		assertThat(TokenPages.call(server.client(), "GET", "/api/v1/me", token).statusCode()).isEqualTo(401);
	}

	@Test
	void revoke_ofSomeoneElsesToken_is404_andTheTokenStillWorks() {
		WebClient owner = signedIn("dora");
		String token = TokenPages.create(owner, "owner's token", "30");
		String tokenId = server.bean(JdbcClient.class)
			.sql("select id from api_tokens where token_hash = ?")
			.param(SecretTokens.hash(token))
			.query(String.class)
			.single();

		WebClient intruder = signedIn("eve");
		HttpResponse<String> revoke = intruder.postForm("/account/tokens/" + tokenId + "/revoke",
				Map.of("_csrf", TokenPages.csrf(intruder)));
		assertThat(revoke.statusCode()).isEqualTo(404);
		assertThat(revoke.body()).doesNotContain("owner's token");

		HttpResponse<String> unknown = intruder.postForm("/account/tokens/no-such-id/revoke",
				Map.of("_csrf", TokenPages.csrf(intruder)));
		assertThat(unknown.statusCode()).isEqualTo(404);

		assertThat(TokenPages.call(server.client(), "GET", "/api/v1/me", token).statusCode()).isEqualTo(200);
	}

	@Test
	void revoke_withoutCsrfToken_is403_andTheTokenStillWorks() {
		WebClient frank = signedIn("frank");
		String token = TokenPages.create(frank, "kept", "30");
		String revokeAction = WebClient.html(frank.get("/account"))
			.selectFirst("table.tokens tbody tr form")
			.attr("action");
		assertThat(frank.postForm(revokeAction, Map.of()).statusCode()).isEqualTo(403);
		assertThat(TokenPages.call(server.client(), "GET", "/api/v1/me", token).statusCode()).isEqualTo(200);
	}

	@Test
	void invalidNameOrExpiry_is400_withTheReasonInTheTokensSection() {
		WebClient grace = signedIn("grace");
		assertRejected(grace, "", "30", "1 to 64 characters");
		assertRejected(grace, "   ", "30", "1 to 64 characters");
		assertRejected(grace, "x".repeat(65), "30", "1 to 64 characters");
		assertRejected(grace, "bell\u0007", "30", "control characters");
		assertRejected(grace, "two\nlines", "30", "control characters");
		assertRejected(grace, "evil\u202Egnp.exe", "30", "control characters");
		assertRejected(grace, "laptop", "soon", "Choose when the token expires");
		assertRejected(grace, "laptop", "0", "1 to 3650 days");
		assertThat(WebClient.html(grace.get("/account")).select("table.tokens tbody tr")).isEmpty();
	}

	@Test
	void nameAtTheLimit_isKeptAsTyped_andRenderedEscaped() {
		WebClient heidi = signedIn("heidi");
		String name = "<b>ü</b> & " + "x".repeat(53);
		assertThat(name).hasSize(64);
		TokenPages.create(heidi, name, "30");
		HttpResponse<String> page = heidi.get("/account");
		assertThat(page.body()).doesNotContain("<b>ü</b>");
		assertThat(WebClient.html(page).select("table.tokens td.token-name").text()).isEqualTo(name);
	}

	@Test
	void moreThanTheActiveCap_is409_withAClearMessage() {
		WebClient ivan = signedIn("ivan");
		ApiTokenService service = server.bean(ApiTokenService.class);
		String ivanId = server.bean(AccountService.class).get("ivan").id();
		for (int i = 0; i < ApiTokenService.MAX_ACTIVE_PER_USER; i++) {
			service.create(ivanId, "script " + i, 30);
		}
		HttpResponse<String> refused = ivan.submit("/account", "/account/tokens",
				Map.of("name", "one too many", "expiresIn", "30"));
		assertThat(refused.statusCode()).isEqualTo(409);
		assertThat(WebClient.html(refused).select("#tokens p.flash.error").text()).contains("50 active API tokens")
			.contains("Revoke one");

		// A revoked token no longer counts.
		String revokeAction = WebClient.html(ivan.get("/account"))
			.selectFirst("table.tokens tbody tr form")
			.attr("action");
		ivan.submit("/account", revokeAction, Map.of());
		TokenPages.create(ivan, "fits again", "30");
	}

	private static void assertRejected(WebClient browser, String name, String expiresIn, String reason) {
		HttpResponse<String> response = browser.submit("/account", "/account/tokens",
				Map.of("name", name, "expiresIn", expiresIn));
		assertThat(response.statusCode()).as(name).isEqualTo(400);
		Document page = WebClient.html(response);
		assertThat(page.select("#tokens p.flash.error").text()).as(name).contains(reason);
		assertThat(page.select("input[aria-label=New API token]")).isEmpty();
		// The rest of the account page is still there.
		assertThat(page.select("#password form")).isNotEmpty();
	}

	private static WebClient signedIn(String username) {
		server.client().signUp(username, PASSWORD);
		WebClient browser = server.client();
		browser.login(username, PASSWORD);
		return browser;
	}

}
