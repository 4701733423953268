package dev.coffer.server.token;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.google.gson.Gson;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.server.SecretTokens;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static dev.coffer.server.token.TokenPages.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Device sign-in (RFC 8628) over real HTTPS: the two endpoints' wire format and errors,
 * approval and denial on the verification page by a signed-in user, single use, expiry,
 * slow_down, throttled code entry, hashed storage and the audit trail.
 */
class DeviceLoginTest {

	static TestServer server;

	static WebClient alice;

	@BeforeAll
	static void start() {
		server = TestServer.start("coffer.device-login.poll-interval=1s", "coffer.device-login.code-guesses=3");
		alice = signedIn("alice");
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void deviceAuthorization_answersTheRfcFields() {
		Map<String, Object> codes = authorize("laptop");
		assertThat((String) codes.get("user_code")).matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}");
		assertThat((String) codes.get("device_code")).hasSize(43);
		assertThat(codes.get("verification_uri")).isEqualTo(server.baseUrl() + "/device");
		assertThat(codes.get("verification_uri_complete"))
			.isEqualTo(server.baseUrl() + "/device?user_code=" + codes.get("user_code"));
		assertThat(((Number) codes.get("expires_in")).longValue()).isEqualTo(600);
		assertThat(((Number) codes.get("interval")).longValue()).isEqualTo(1);
	}

	@Test
	void approvedDevice_receivesATokenNamedAfterIt_once_askedAtATimeMarkedUtc() throws Exception {
		Map<String, Object> codes = authorize("alice's build box");
		String deviceCode = (String) codes.get("device_code");
		assertThat(poll(deviceCode).body()).contains("\"error\":\"authorization_pending\"");

		Document confirm = enterCode(alice, (String) codes.get("user_code"));
		assertThat(confirm.selectFirst(".device-name").text()).isEqualTo("alice's build box");
		assertThat(confirm.selectFirst(".device-code").text()).isEqualTo(codes.get("user_code"));
		assertThat(confirm.selectFirst(".device-asked-at").text()).as("marked UTC, as every other time")
			.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} UTC");
		assertThat(decide(alice, confirm, "/device/approve").statusCode()).isEqualTo(200);

		Thread.sleep(1100);
		HttpResponse<String> issued = poll(deviceCode);
		assertThat(issued.statusCode()).isEqualTo(200);
		assertThat(issued.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
		Map<String, Object> token = json(issued);
		assertThat(token.get("token_type")).isEqualTo("Bearer");
		String accessToken = (String) token.get("access_token");
		assertThat(TokenPages.call(server.client(), "GET", "/api/v1/me", accessToken).body())
			.contains("\"username\":\"alice\"");
		assertThat(server.bean(JdbcClient.class)
			.sql("select name from api_tokens where token_hash = ?")
			.param(SecretTokens.hash(accessToken))
			.query(String.class)
			.single()).isEqualTo("alice's build box");

		Thread.sleep(1100);
		HttpResponse<String> again = poll(deviceCode);
		assertThat(again.statusCode()).isEqualTo(400);
		assertThat(again.body()).contains("\"error\":\"invalid_grant\"");
		assertThat(audited("device.requested")).isPositive();
		assertThat(audited("device.approved")).isPositive();
		assertThat(audited("device.signed_in")).isPositive();
	}

	@Test
	void deniedDevice_getsAccessDenied_andNoToken() {
		long tokensBefore = tokenCount();
		Map<String, Object> codes = authorize("not mine");
		Document confirm = enterCode(alice, (String) codes.get("user_code"));
		HttpResponse<String> denied = decide(alice, confirm, "/device/deny");
		assertThat(WebClient.html(denied).text()).contains("Denied");
		HttpResponse<String> poll = poll((String) codes.get("device_code"));
		assertThat(poll.statusCode()).isEqualTo(400);
		assertThat(poll.body()).contains("\"error\":\"access_denied\"");
		assertThat(tokenCount()).isEqualTo(tokensBefore);
		assertThat(audited("device.denied")).isPositive();
	}

	@Test
	void pollingFasterThanTheInterval_isSlowDown_andLengthensIt() {
		String deviceCode = (String) authorize("eager").get("device_code");
		assertThat(poll(deviceCode).body()).contains("authorization_pending");
		assertThat(poll(deviceCode).body()).contains("\"error\":\"slow_down\"");
		assertThat(server.bean(JdbcClient.class)
			.sql("select poll_interval_seconds from device_authorizations where device_code_hash = ?")
			.param(SecretTokens.hash(deviceCode))
			.query(Integer.class)
			.single()).isEqualTo(6);
	}

	@Test
	void expiredCodes_areExpiredToken_andCannotBeApproved() throws Exception {
		try (TestServer shortLived = TestServer.start("coffer.device-login.code-lifetime=1s")) {
			WebClient bob = shortLived.client();
			bob.signUp("bob", PASSWORD);
			bob.login("bob", PASSWORD);
			Map<String, Object> codes = json(post(shortLived.client(), "/api/v1/oauth/device_authorization",
					Map.of("client_id", "coffer-cli", "device_name", "slow")));
			Thread.sleep(1200);
			HttpResponse<String> poll = post(shortLived.client(), "/api/v1/oauth/token",
					Map.of("grant_type", "urn:ietf:params:oauth:grant-type:device_code", "client_id", "coffer-cli",
							"device_code", (String) codes.get("device_code")));
			assertThat(poll.body()).contains("\"error\":\"expired_token\"");
			HttpResponse<String> entered = bob.submit("/device", "/device",
					Map.of("user_code", (String) codes.get("user_code")));
			assertThat(entered.statusCode()).isEqualTo(404);
			assertThat(WebClient.html(entered).text()).contains("No device is waiting for this code");
		}
	}

	@Test
	void wrongUserCodes_are404_thenThrottledWith429() {
		WebClient carol = signedIn("carol");
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> wrong = carol.submit("/device", "/device", Map.of("user_code", "BCDF-GHJK"));
			assertThat(wrong.statusCode()).isEqualTo(404);
		}
		HttpResponse<String> throttled = carol.submit("/device", "/device", Map.of("user_code", "BCDF-GHJK"));
		assertThat(throttled.statusCode()).isEqualTo(429);
		assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
		assertThat(audited("device.code_rejected")).isGreaterThanOrEqualTo(3);
	}

	@Test
	void approving_withoutCsrfToken_is403_andDecidesNothing() {
		Map<String, Object> codes = authorize("forged");
		HttpResponse<String> forged = alice.postForm("/device/approve",
				Map.of("user_code", (String) codes.get("user_code")));
		assertThat(forged.statusCode()).isEqualTo(403);
		assertThat(poll((String) codes.get("device_code")).body()).contains("authorization_pending");
	}

	@Test
	void verificationPage_needsASignedInUser() {
		HttpResponse<String> anonymous = server.client().get("/device?user_code=BCDF-GHJK");
		assertThat(anonymous.statusCode()).isEqualTo(302);
		assertThat(anonymous.headers().firstValue("Location").orElseThrow()).endsWith("/login");
	}

	@Test
	void badRequests_getTheRfcErrorCodes() {
		assertThat(post(server.client(), "/api/v1/oauth/device_authorization", Map.of("client_id", "other")).body())
			.contains("\"error\":\"invalid_client\"");
		assertThat(post(server.client(), "/api/v1/oauth/token",
				Map.of("grant_type", "password", "client_id", "coffer-cli", "device_code", "x"))
			.body()).contains("\"error\":\"unsupported_grant_type\"");
		HttpResponse<String> unknown = poll(SecretTokens.newToken());
		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(unknown.body()).contains("\"error\":\"invalid_grant\"");
		HttpResponse<String> badName = post(server.client(), "/api/v1/oauth/device_authorization",
				Map.of("client_id", "coffer-cli", "device_name", "bad\u0007name"));
		assertThat(badName.statusCode()).isEqualTo(400);
		assertThat(json(badName)).containsEntry("error", "invalid_request").containsKey("error_description");
	}

	@Test
	void unknownDeviceCodes_areThrottledPerAddress() {
		try (TestServer fresh = TestServer.start()) {
			Map<String, String> poll = Map.of("grant_type", "urn:ietf:params:oauth:grant-type:device_code", "client_id",
					"coffer-cli", "device_code", SecretTokens.newToken());
			for (int i = 0; i < 20; i++) {
				assertThat(post(fresh.client(), "/api/v1/oauth/token", poll).statusCode()).isEqualTo(400);
			}
			HttpResponse<String> throttled = post(fresh.client(), "/api/v1/oauth/token", poll);
			assertThat(throttled.statusCode()).isEqualTo(429);
			assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
			assertThat(throttled.body()).contains("\"status\":429");
		}
	}

	@Test
	void codes_areStoredOnlyAsHashes() {
		Map<String, Object> codes = authorize("hashed");
		String userCode = ((String) codes.get("user_code")).replace("-", "");
		List<Map<String, Object>> rows = server.bean(JdbcClient.class)
			.sql("select * from device_authorizations")
			.query()
			.listOfRows();
		String everything = rows.toString();
		assertThat(everything).doesNotContain((String) codes.get("device_code")).doesNotContain(userCode);
		assertThat(everything).contains(SecretTokens.hash((String) codes.get("device_code")))
			.contains(SecretTokens.hash(userCode));
	}

	@Test
	void ownToken_canBeRevokedByItself_butNotFromASession() {
		String token = TokenPages.create(alice, "to revoke", "30");
		assertThat(TokenPages.call(server.client(), "DELETE", "/api/v1/me/token", token).statusCode()).isEqualTo(204);
		assertThat(TokenPages.call(server.client(), "GET", "/api/v1/me", token).statusCode()).isEqualTo(401);
		HttpResponse<String> session = alice
			.send(alice.apiRequest("/api/v1/me/token").method("DELETE", HttpRequest.BodyPublishers.noBody()).build());
		assertThat(session.statusCode()).isEqualTo(404);
	}

	static Map<String, Object> authorize(String deviceName) {
		HttpResponse<String> response = post(server.client(), "/api/v1/oauth/device_authorization",
				Map.of("client_id", "coffer-cli", "device_name", deviceName));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json(response);
	}

	static HttpResponse<String> poll(String deviceCode) {
		return post(server.client(), "/api/v1/oauth/token", Map.of("grant_type",
				"urn:ietf:params:oauth:grant-type:device_code", "client_id", "coffer-cli", "device_code", deviceCode));
	}

	/** Opens the verification link and enters its code, as the user would. */
	static Document enterCode(WebClient browser, String userCode) {
		HttpResponse<String> confirm = browser.submit("/device?user_code=" + userCode, "/device",
				Map.of("user_code", userCode));
		assertThat(confirm.statusCode()).as(confirm.body()).isEqualTo(200);
		return WebClient.html(confirm);
	}

	/** Presses Approve or Deny on the confirmation page. */
	static HttpResponse<String> decide(WebClient browser, Document confirm, String action) {
		Element form = confirm.selectFirst("form[action=" + action + "]");
		Map<String, String> fields = new LinkedHashMap<>();
		for (Element input : form.select("input[type=hidden]")) {
			fields.put(input.attr("name"), input.attr("value"));
		}
		return browser.postForm(action, fields);
	}

	static HttpResponse<String> post(WebClient client, String path, Map<String, String> fields) {
		String form = fields.entrySet()
			.stream()
			.map((field) -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return client.send(client.request(path)
			.setHeader("Content-Type", "application/x-www-form-urlencoded")
			.setHeader("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.timeout(Duration.ofSeconds(30))
			.build());
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> json(HttpResponse<String> response) {
		return new Gson().fromJson(response.body(), Map.class);
	}

	private static long tokenCount() {
		return server.bean(JdbcClient.class).sql("select count(*) from api_tokens").query(Long.class).single();
	}

	private static long audited(String action) throws RuntimeException {
		JdbcClient jdbc = server.bean(JdbcClient.class);
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		long count;
		do {
			count = jdbc.sql("select count(*) from audit_events where action = ?")
				.param(action)
				.query(Long.class)
				.single();
		}
		while (count == 0 && System.nanoTime() < deadline && pause());
		return count;
	}

	private static boolean pause() {
		try {
			Thread.sleep(100);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static WebClient signedIn(String username) {
		server.client().signUp(username, PASSWORD);
		WebClient browser = server.client();
		browser.login(username, PASSWORD);
		return browser;
	}

}
