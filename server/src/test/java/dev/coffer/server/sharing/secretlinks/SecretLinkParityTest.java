package dev.coffer.server.sharing.secretlinks;

import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Public links ({@code /s/}) and request links ({@code /r/}) share one secret-link core
 * ({@link SecretLinks}), so they behave the same where they used to drift: which tokens
 * are malformed, how a password's length is counted, and how wrong passwords are
 * throttled (one configured rule).
 */
class SecretLinkParityTest {

	static final String PASSWORD = "correct horse battery staple";

	/** Two characters in UTF-16 each, one code point. */
	static final String EMOJI = "\uD83D\uDE00";

	static TestServer server;

	static WebClient owner;

	static String fileId;

	@BeforeAll
	static void start() {
		server = TestServer.start("coffer.secret-links.password-guesses=2", "coffer.secret-links.password-delay=10m");
		owner = server.client();
		owner.signUp("parity", PASSWORD);
		owner.login("parity", PASSWORD);
		HttpResponse<String> uploaded = owner
			.send(owner.apiRequest("/api/v1/files?name=" + URLEncoder.encode("parity.txt", StandardCharsets.UTF_8))
				.PUT(BodyPublishers.ofString("parity"))
				.build());
		assertThat(uploaded.statusCode()).as(uploaded.body()).isIn(200, 201);
		fileId = field(uploaded.body(), "id");
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void malformedTokens_are404_forBothLinkKinds() {
		WebClient anonymous = server.client();
		for (String token : new String[] { "a".repeat(42), "a".repeat(44), "a".repeat(42) + ".",
				"a".repeat(42) + "~" }) {
			assertThat(anonymous.get("/s/" + token).statusCode()).as("/s/" + token).isEqualTo(404);
			assertThat(anonymous.get("/r/" + token).statusCode()).as("/r/" + token).isEqualTo(404);
		}
	}

	@Test
	void passwordLength_isCountedInCharacters_forBothLinkKinds() {
		String longest = EMOJI.repeat(128); // 128 characters, 256 UTF-16 units
		assertThat(createPublicLink(longest).statusCode()).isEqualTo(201);
		assertThat(createRequestLink(longest).statusCode()).isEqualTo(201);

		HttpResponse<String> tooLongLink = createPublicLink(EMOJI.repeat(129));
		HttpResponse<String> tooLongRequest = createRequestLink(EMOJI.repeat(129));
		assertThat(tooLongLink.statusCode()).isEqualTo(400);
		assertThat(tooLongRequest.statusCode()).isEqualTo(400);
		assertThat(tooLongLink.body()).contains("8 to 128 characters");
		assertThat(tooLongRequest.body()).contains("8 to 128 characters");

		assertThat(createPublicLink(EMOJI.repeat(7)).statusCode()).isEqualTo(400);
		assertThat(createRequestLink(EMOJI.repeat(7)).statusCode()).isEqualTo(400);
	}

	@Test
	void wrongPasswords_areThrottledByTheConfiguredRule_forBothLinkKinds() {
		String page = "/s/" + field(createPublicLink("open sesame").body(), "token");
		WebClient guesser = server.client();
		assertThat(guesser.submit(page, page, Map.of("password", "guess 1")).statusCode()).isEqualTo(403);
		assertThat(guesser.submit(page, page, Map.of("password", "guess 2")).statusCode()).isEqualTo(403);
		HttpResponse<String> linkLocked = guesser.submit(page, page, Map.of("password", "open sesame"));
		assertThat(linkLocked.statusCode()).isEqualTo(429);
		assertThat(linkLocked.headers().firstValue("Retry-After")).isPresent();

		String token = field(createRequestLink("open sesame").body(), "token");
		String form = "/r/" + token;
		String unlock = form + "/unlock";
		WebClient sender = server.client();
		assertThat(sender.submit(form, unlock, Map.of("password", "guess 1")).statusCode()).isEqualTo(403);
		assertThat(sender.submit(form, unlock, Map.of("password", "guess 2")).statusCode()).isEqualTo(403);
		HttpResponse<String> requestLocked = sender.submit(form, unlock, Map.of("password", "open sesame"));
		assertThat(requestLocked.statusCode()).isEqualTo(429);
		assertThat(requestLocked.headers().firstValue("Retry-After")).isPresent();
	}

	static HttpResponse<String> createPublicLink(String password) {
		return owner.send(owner.apiRequest("/api/v1/files/" + fileId + "/links")
			.setHeader("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("{\"password\":\"" + password + "\"}"))
			.build());
	}

	static HttpResponse<String> createRequestLink(String password) {
		return owner.send(owner.apiRequest("/api/v1/requests")
			.setHeader("Content-Type", "application/json")
			.POST(BodyPublishers
				.ofString("{\"title\":\"Parity\",\"maxFiles\":5,\"maxBytes\":1000,\"password\":\"" + password + "\"}"))
			.build());
	}

	static String field(String json, String name) {
		Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
		if (!matcher.find()) {
			throw new AssertionError("No " + name + " in " + json);
		}
		return matcher.group(1);
	}

}
