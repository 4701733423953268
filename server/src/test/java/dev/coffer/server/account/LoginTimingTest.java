package dev.coffer.server.account;

import java.util.Arrays;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failed login costs one Argon2 hash whether or not the account exists, so response
 * time does not reveal which usernames are registered. Without the dummy hash an unknown
 * user would answer in about a millisecond against ~50 ms for a known one; the test
 * tolerates a factor of 2 either way, far wider than noise and far narrower than the leak
 * it guards against.
 */
class LoginTimingTest {

	static final String PASSWORD = "correct horse battery staple";

	static TestServer server;

	@BeforeAll
	static void start() {
		// Throttling off for this test: it measures the Argon2 cost of many failures.
		server = TestServer.start("coffer.throttle.login.delay-after=1000", "coffer.throttle.login.lock-after=1000");
		server.client().signUp("timed-user", PASSWORD);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void failedLogin_takesAsLong_forUnknownAndKnownUsers() {
		WebClient browser = server.client();
		for (int i = 0; i < 3; i++) { // warm up both paths
			browser.login("timed-user", "wrong password " + i);
			browser.login("no-such-user-" + i, "wrong password " + i);
		}
		long[] known = new long[9];
		long[] unknown = new long[9];
		for (int i = 0; i < known.length; i++) {
			known[i] = timeLogin(browser, "timed-user", "a wrong password " + i);
			unknown[i] = timeLogin(browser, "nobody-" + i, "a wrong password " + i);
		}
		double ratio = (double) median(unknown) / median(known);
		assertThat(ratio).as("median unknown-user / known-user failed login time").isBetween(0.5, 2.0);
	}

	private static long timeLogin(WebClient browser, String username, String password) {
		// Fetch the form (and its CSRF token) outside the timed part.
		String csrf = WebClient.html(browser.get("/login")).selectFirst("input[name=_csrf]").attr("value");
		long start = System.nanoTime();
		browser.postForm("/login", java.util.Map.of("username", username, "password", password, "_csrf", csrf));
		return System.nanoTime() - start;
	}

	private static long median(long[] values) {
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

}
