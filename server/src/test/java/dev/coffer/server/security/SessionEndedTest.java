package dev.coffer.server.security;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page left open after its session ended (signed out in another tab, or idle): its next
 * form post is sent to sign in again with a reason, its scripts get a problem that says
 * so; a wrong CSRF token on a live session is still refused.
 */
class SessionEndedTest {

	private static final String PASSWORD = "session ended test passphrase";

	static TestServer server;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		server.client().signUp("alice", PASSWORD);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void formPost_afterSigningOutInAnotherTab_sendsToSignInWithTheReason() {
		WebClient tab = signedIn();
		String token = WebClient.html(tab.get("/files"))
			.selectFirst("form[action=/files/folders] input[name=_csrf]")
			.attr("value");
		assertThat(tab.logout().statusCode()).isEqualTo(302);

		HttpResponse<String> posted = tab.postForm("/files/folders", Map.of("_csrf", token, "name", "Reports"));
		assertThat(posted.statusCode()).isEqualTo(302);
		String location = posted.headers().firstValue("Location").orElseThrow();
		assertThat(location).endsWith("/login?session-ended");
		assertThat(WebClient.html(tab.get("/login?session-ended")).select(".flash").text())
			.contains("Your session ended (signed out, or idle for 30 minutes). Sign in and try again.");
	}

	@Test
	void scriptRequest_afterSigningOut_isA401ProblemSayingTheSessionEnded() {
		WebClient tab = signedIn();
		String token = tab.csrfToken();
		tab.logout();

		HttpResponse<String> posted = tab.send(tab.request("/api/v1/folders")
			.setHeader("Accept", "application/json")
			.setHeader("Content-Type", "application/json")
			.setHeader("X-CSRF-TOKEN", token)
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Reports\"}"))
			.build());
		assertThat(posted.statusCode()).isEqualTo(401);
		assertThat(posted.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(posted.body()).contains("Your session ended");
	}

	@Test
	void wrongToken_onALiveSession_isStillRefusedWith403() {
		WebClient tab = signedIn();
		HttpResponse<String> posted = tab.postForm("/files/folders",
				Map.of("_csrf", "not-the-token", "name", "Reports"));
		assertThat(posted.statusCode()).isEqualTo(403);
		assertThat(posted.body()).doesNotContain("Your session ended");
		assertThat(tab.get("/files").statusCode()).isEqualTo(200);
	}

	@Test
	void postWithoutAnyToken_andWithoutASession_isStillRefusedWith403() {
		HttpResponse<String> posted = server.client().postForm("/files/folders", Map.of("name", "Reports"));
		assertThat(posted.statusCode()).isEqualTo(403);
	}

	private static WebClient signedIn() {
		WebClient tab = server.client();
		assertThat(tab.login("alice", PASSWORD).statusCode()).isEqualTo(302);
		return tab;
	}

}
