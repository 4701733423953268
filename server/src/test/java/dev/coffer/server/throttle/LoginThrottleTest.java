package dev.coffer.server.throttle;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import dev.coffer.server.SecurityEvent;
import dev.coffer.server.account.AccountService;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-in throttling against the running server over HTTPS, with small limits: the answer
 * is delayed from the 2nd failure per name (1.5 s, doubling, at most 1.5 s), the name is
 * locked for 6 s after 3 failures, and 2 sign-ups per address and hour. Timing assertions
 * leave a second of slack for a loaded machine.
 */
class LoginThrottleTest {

	static final String PASSWORD = "correct horse battery staple";

	static TestServer server;

	@BeforeAll
	static void start() {
		server = TestServer.startWith(new Class<?>[] { EventRecorder.class }, "coffer.throttle.login.delay-after=2",
				"coffer.throttle.login.delay=1500ms", "coffer.throttle.login.max-delay=1500ms",
				"coffer.throttle.login.lock-after=3", "coffer.throttle.login.lock-duration=6s",
				"coffer.throttle.login.address-lock-after=1000", "coffer.throttle.sign-ups-per-hour=2");
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	static void addUser(String username) {
		server.bean(AccountService.class).addUser(username, PASSWORD, false);
	}

	@Test
	void failedLogins_fromTheConfiguredFailureOn_areAnsweredLater() {
		addUser("slowed");
		WebClient browser = server.client();
		long first = timed(() -> assertFailed(browser.login("slowed", "wrong guess one")));
		long second = timed(() -> assertFailed(browser.login("slowed", "wrong guess two")));
		assertThat(second).as("second failure (delayed)").isGreaterThanOrEqualTo(1500);
		assertThat(second - first).as("delay added by the throttle").isGreaterThanOrEqualTo(900);
	}

	@Test
	void lockedName_is429WithRetryAfter_evenWithTheRightPassword_andOpensAgainWhenTheLockEnds()
			throws InterruptedException {
		addUser("locked");
		WebClient browser = server.client();
		for (int i = 0; i < 3; i++) {
			assertFailed(browser.login("locked", "wrong guess " + i));
		}
		HttpResponse<String> refused = browser.login("locked", PASSWORD);
		assertThat(refused.statusCode()).isEqualTo(429);
		long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
		assertThat(retryAfter).isBetween(1L, 6L);
		assertThat(WebClient.html(refused).select("p.flash.error").text()).as("the same wait as Retry-After")
			.isEqualTo(
					"Too many attempts. Try again in " + retryAfter + ((retryAfter == 1) ? " second." : " seconds."));
		assertThat(recordedEvents()).anySatisfy((event) -> {
			assertThat(event.action()).isEqualTo("login.locked");
			assertThat(event.actor()).isEqualTo("locked");
			assertThat(event.clientAddress()).isEqualTo("127.0.0.1");
			assertThat(event.outcome()).isEqualTo(SecurityEvent.Outcome.DENIED);
		});
		Thread.sleep(Duration.ofSeconds(retryAfter).plusMillis(300));
		HttpResponse<String> afterLock = browser.login("locked", PASSWORD);
		assertThat(afterLock.statusCode()).isEqualTo(302);
		assertThat(afterLock.headers().firstValue("Location").orElseThrow()).doesNotContain("/login");
	}

	@Test
	void aParallelBurst_getsNoMoreGuessesThanTheLimit() throws Exception {
		addUser("burst");
		List<WebClient> browsers = new ArrayList<>();
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			WebClient browser = server.client();
			browsers.add(browser);
			tokens.add(WebClient.html(browser.get("/login")).selectFirst("input[name=_csrf]").attr("value"));
		}
		List<Integer> statuses = new CopyOnWriteArrayList<>();
		try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < browsers.size(); i++) {
				WebClient browser = browsers.get(i);
				Map<String, String> form = Map.of("username", "burst", "password", "wrong guess " + i, "_csrf",
						tokens.get(i));
				pool.submit(() -> statuses.add(browser.postForm("/login", form).statusCode()));
			}
		}
		assertThat(statuses).hasSize(12);
		assertThat(statuses.stream().filter((status) -> status == 302).count()).as("guesses checked").isEqualTo(3);
		assertThat(statuses).containsOnly(302, 429);
	}

	@Test
	void unknownAndExistingNames_areThrottledAlike() {
		addUser("existing");
		List<String> existing = answers("existing");
		List<String> unknown = answers("never-registered");
		assertThat(unknown).isEqualTo(existing)
			.containsExactly("302 /login?error", "302 /login?error", "302 /login?error", "429 Retry-After");
	}

	/** Four wrong passwords: status and what matters of each answer. */
	private static List<String> answers(String username) {
		WebClient browser = server.client();
		List<String> answers = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			HttpResponse<String> response = browser.login(username, "wrong guess " + i);
			String location = response.headers().firstValue("Location").orElse("");
			answers.add(response.statusCode() + " " + ((response.statusCode() == 429)
					? (response.headers().firstValue("Retry-After").isPresent() ? "Retry-After" : "no Retry-After")
					: location.substring(location.indexOf("/login"))));
		}
		// A lock is answered before any password check: no Argon2, no 1.5 s delay.
		assertThat(timed(() -> browser.login(username, "one more guess"))).isLessThan(1500);
		return answers;
	}

	@Test
	void lockedName_givesApiClientsAProblemDocument() {
		WebClient browser = server.client();
		for (int i = 0; i < 3; i++) {
			assertFailed(browser.login("api-guessed", "wrong guess " + i));
		}
		String csrf = WebClient.html(browser.get("/login")).selectFirst("input[name=_csrf]").attr("value");
		HttpResponse<String> refused = browser.send(browser.request("/login")
			.setHeader("Accept", "application/json")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("username=api-guessed&password=x&_csrf=" + csrf))
			.build());
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(refused.headers().firstValue("Retry-After")).isPresent();
		assertThat(refused.body()).contains("\"status\":429").contains("Too many attempts.");
	}

	@Test
	void failedAttempts_areReportedOnce_atTheNextLogin() {
		addUser("watched");
		WebClient attacker = server.client();
		assertFailed(attacker.login("watched", "wrong guess one"));
		assertFailed(attacker.login("watched", "wrong guess two"));
		WebClient owner = server.client();
		assertThat(owner.login("watched", PASSWORD).statusCode()).isEqualTo(302);
		String notice = "2 failed attempts since your last login.";
		assertThat(owner.get("/").headers().firstValue("Location").orElseThrow()).endsWith("/files");
		assertThat(WebClient.html(owner.get("/files")).select("p.flash.info").text()).isEqualTo(notice);
		assertThat(owner.get("/files").body()).doesNotContain("failed attempt");
		owner.logout();
		assertThat(owner.login("watched", PASSWORD).statusCode()).isEqualTo(302);
		assertThat(owner.get("/files").body()).doesNotContain("failed attempt");
	}

	@Test
	void successfulLogin_resetsTheNamesCount() {
		addUser("forgiven");
		WebClient browser = server.client();
		assertFailed(browser.login("forgiven", "wrong guess one"));
		assertFailed(browser.login("forgiven", "wrong guess two"));
		assertThat(browser.login("forgiven", PASSWORD).statusCode()).isEqualTo(302);
		browser.logout();
		// Two more failures would lock the name (3) had the first two still counted.
		assertFailed(browser.login("forgiven", "wrong guess three"));
		assertFailed(browser.login("forgiven", "wrong guess four"));
		assertThat(browser.login("forgiven", PASSWORD).statusCode()).isEqualTo(302);
	}

	@Test
	void signUps_perAddress_areLimited_andTheRefusedOneCreatesNothing() {
		assertThat(server.client().signUp("first-signup", PASSWORD).statusCode()).isEqualTo(302);
		assertThat(server.client().signUp("x", PASSWORD).statusCode()).isEqualTo(400);
		HttpResponse<String> refused = server.client().signUp("third-signup", PASSWORD);
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Retry-After").map(Long::parseLong).orElseThrow()).isBetween(3000L,
				3600L);
		assertThat(WebClient.html(refused).text()).contains("Too many attempts. Try again in 60 minutes.");
		assertThat(server.bean(AccountService.class).list()).noneMatch((u) -> u.username().equals("third-signup"));
		assertThat(recordedEvents()).anyMatch((event) -> event.action().equals("throttle.limited")
				&& "third-signup".equals(event.actor()) && event.outcome() == SecurityEvent.Outcome.DENIED);
	}

	private static void assertFailed(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
	}

	private static long timed(Runnable action) {
		long start = System.nanoTime();
		action.run();
		return (System.nanoTime() - start) / 1_000_000;
	}

	private static List<SecurityEvent> recordedEvents() {
		return server.bean(EventRecorder.class).events;
	}

	@Configuration(proxyBeanMethods = false)
	static class EventRecorder {

		final List<SecurityEvent> events = new CopyOnWriteArrayList<>();

		@EventListener
		void on(SecurityEvent event) {
			this.events.add(event);
		}

	}

}
