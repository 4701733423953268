package dev.coffer.server.security;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
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
 * A page left open after its session ended (signed out in another tab, or idle): its next
 * form post is sent to sign in again with a reason, its scripts get a problem that says
 * so; a wrong CSRF token on a live session is still refused. A page anyone may open (a
 * public link's password form, a drop box, sign-up) goes back to itself instead, saying
 * it expired: its visitor may have no account. A client without the session's cookie
 * stands in for a browser whose session ended: the server finds no session either way.
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

	@Test
	void publicLinkPasswordForm_afterItsSessionEnded_returnsToTheLinkSayingThePageExpired_andOpensNothing() {
		WebClient alice = signedIn();
		HttpResponse<String> uploaded = alice.send(alice.apiRequest("/api/v1/files?name=expired-page.txt")
			.PUT(BodyPublishers.ofString("behind a password"))
			.build());
		assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
		HttpResponse<String> link = alice.send(alice.apiRequest("/api/v1/files/" + field(uploaded, "id") + "/links")
			.setHeader("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("{\"password\":\"link password 42\"}"))
			.build());
		assertThat(link.statusCode()).as(link.body()).isEqualTo(201);
		String page = "/s/" + field(link, "token");
		String token = WebClient.html(server.client().get(page))
			.selectFirst("form[action=" + page + "] input[name=_csrf]")
			.attr("value");

		WebClient visitor = server.client();
		HttpResponse<String> posted = visitor.postForm(page, Map.of("_csrf", token, "password", "link password 42"));
		assertThat(posted.statusCode()).isEqualTo(302);
		assertThat(posted.headers().firstValue("Location").orElseThrow()).endsWith(page + "?page-expired");
		HttpResponse<String> back = visitor.get(page + "?page-expired");
		assertThat(WebClient.html(back).select(".flash").text()).contains("expired. Please try again.");
		assertThat(WebClient.html(back).select("input[type=password][name=password]")).hasSize(1);
		assertThat(visitor.get(page + "/download").statusCode()).as("still locked").isEqualTo(303);
	}

	@Test
	void dropBoxUpload_afterItsSessionEnded_isA403ProblemSayingToReload() {
		WebClient alice = signedIn();
		HttpResponse<String> request = alice.send(alice.apiRequest("/api/v1/requests")
			.setHeader("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("{\"title\":\"Tax papers\",\"maxFiles\":5,\"maxBytes\":1000000}"))
			.build());
		assertThat(request.statusCode()).as(request.body()).isEqualTo(201);
		String page = "/r/" + field(request, "token");
		String token = WebClient.html(server.client().get(page)).selectFirst("input[name=_csrf]").attr("value");

		WebClient visitor = server.client();
		HttpResponse<String> posted = visitor.send(visitor.request(page + "/uploads")
			.setHeader("X-CSRF-TOKEN", token)
			.setHeader("Upload-Length", "5")
			.POST(BodyPublishers.noBody())
			.build());
		assertThat(posted.statusCode()).isEqualTo(403);
		assertThat(posted.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(posted.body()).contains("expired. Reload it and try again.").doesNotContain("Sign in");
		assertThat(WebClient.html(server.client().get(page)).text()).as("the request's page still works")
			.contains("Tax papers");
	}

	@Test
	void signUpForm_afterItsSessionEnded_returnsToSignUp_keepingTheInvite() {
		String token = WebClient.html(server.client().get("/signup")).selectFirst("input[name=_csrf]").attr("value");

		HttpResponse<String> posted = server.client()
			.postForm("/signup", Map.of("_csrf", token, "invite", "an invite&code", "username", "late", "password",
					PASSWORD, "passwordConfirmation", PASSWORD));
		assertThat(posted.statusCode()).isEqualTo(302);
		assertThat(posted.headers().firstValue("Location").orElseThrow())
			.endsWith("/signup?page-expired&invite=an+invite%26code");
		assertThat(server.client().login("late", PASSWORD).headers().firstValue("Location").orElseThrow())
			.as("no account was made")
			.contains("error");
	}

	private static String field(HttpResponse<String> json, String name) {
		Matcher value = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json.body());
		assertThat(value.find()).as(json.body()).isTrue();
		return value.group(1);
	}

	private static WebClient signedIn() {
		WebClient tab = server.client();
		assertThat(tab.login("alice", PASSWORD).statusCode()).isEqualTo(302);
		return tab;
	}

}
