package dev.coffer.server.throttle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

import dev.coffer.server.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-address sign-in limit keys on the real client address: {@code X-Forwarded-For}
 * counts only when the direct peer is a configured trusted proxy. Both servers run with
 * TLS off, as behind a reverse proxy, and lock an address after 3 failures across any
 * names.
 */
class ClientAddressThrottleTest {

	static final String[] SETTINGS = { "coffer.tls.enabled=false", "coffer.throttle.login.address-lock-after=3",
			"coffer.throttle.login.delay-after=100", "coffer.throttle.login.lock-after=100" };

	@Test
	void withoutTrustedProxies_aForgedForwardedFor_doesNotEscapeTheAddressLimit() {
		try (TestServer server = TestServer.start(SETTINGS)) {
			for (int i = 0; i < 3; i++) {
				assertThat(login(server, "name-" + i, "198.51.100." + i)).isEqualTo(302);
			}
			assertThat(login(server, "yet-another-name", "198.51.100.99")).isEqualTo(429);
		}
	}

	@Test
	void behindATrustedProxy_forwardedAddressesAreCountedApart_andTheLockSurvivesARestart() {
		String[] settings = { SETTINGS[0], SETTINGS[1], SETTINGS[2], SETTINGS[3], "coffer.trusted-proxies=127.0.0.1" };
		try (TestServer server = TestServer.start(settings)) {
			// Password spraying from one address: one guess each for many names.
			for (int i = 0; i < 3; i++) {
				assertThat(login(server, "sprayed-" + i, "203.0.113.7")).isEqualTo(302);
			}
			assertThat(login(server, "sprayed-3", "203.0.113.7")).isEqualTo(429);
			assertThat(login(server, "sprayed-3", "203.0.113.8")).as("another client behind the proxy").isEqualTo(302);
			server.stop();
			server.startAgain();
			assertThat(login(server, "sprayed-4", "203.0.113.7")).as("lock kept in the database").isEqualTo(429);
		}
	}

	/** A failed sign-in over plain HTTP that claims to come from {@code forwardedFor}. */
	private static int login(TestServer server, String username, String forwardedFor) {
		HttpClient http = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
		String base = "http://localhost:" + server.port();
		HttpResponse<String> page = send(http,
				HttpRequest.newBuilder(URI.create(base + "/login")).header("X-Forwarded-For", forwardedFor).build());
		String csrf = Jsoup.parse(page.body()).selectFirst("input[name=_csrf]").attr("value");
		String form = "username=" + username + "&password="
				+ URLEncoder.encode("a wrong password", StandardCharsets.UTF_8) + "&_csrf="
				+ URLEncoder.encode(csrf, StandardCharsets.UTF_8);
		return send(http,
				HttpRequest.newBuilder(URI.create(base + "/login"))
					.header("X-Forwarded-For", forwardedFor)
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(form))
					.build())
			.statusCode();
	}

	private static HttpResponse<String> send(HttpClient http, HttpRequest request) {
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
