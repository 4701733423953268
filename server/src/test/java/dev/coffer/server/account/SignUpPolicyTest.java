package dev.coffer.server.account;

import java.net.http.HttpResponse;
import java.util.Map;

import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The sign-up policies: invite-only and closed. The first account is always allowed. */
class SignUpPolicyTest {

	static final String PASSWORD = "correct horse battery staple";

	@Test
	void inviteOnly_refusesStrangers_andAcceptsEachInviteOnce() {
		try (TestServer server = TestServer.start("coffer.sign-up=invite")) {
			assertThat(signUpLinks(server)).as("the first account may sign up").isPositive();
			assertThat(server.client().signUp("owner", PASSWORD).statusCode()).isEqualTo(302);
			assertThat(signUpLinks(server)).as("strangers are turned away: no link invites them").isZero();

			HttpResponse<String> stranger = server.client().signUp("stranger", PASSWORD);
			assertThat(stranger.statusCode()).isEqualTo(403);
			assertThat(stranger.body()).contains("invite-only");

			WebClient admin = server.client();
			admin.login("owner", PASSWORD);
			HttpResponse<String> created = admin.submit("/account", "/admin/invites", Map.of());
			assertThat(created.statusCode()).isEqualTo(302);
			Element link = WebClient.html(admin.get("/account")).selectFirst("input.copyable");
			assertThat(link).isNotNull();
			String invitePath = link.attr("value").replaceFirst("^https://[^/]+", "");
			assertThat(invitePath).startsWith("/signup?invite=");
			// Shown once only.
			assertThat(admin.get("/account").body()).doesNotContain(invitePath);

			WebClient guest = server.client();
			HttpResponse<String> accepted = guest.submit(invitePath, "/signup",
					Map.of("username", "guest", "password", PASSWORD, "passwordConfirmation", PASSWORD));
			assertThat(accepted.statusCode()).isEqualTo(302);

			HttpResponse<String> reused = server.client()
				.submit(invitePath, "/signup",
						Map.of("username", "second-guest", "password", PASSWORD, "passwordConfirmation", PASSWORD));
			assertThat(reused.statusCode()).isEqualTo(400);
			assertThat(reused.body()).contains("invite link is not valid");

			HttpResponse<String> forged = server.client()
				.submit("/signup?invite=forged-token", "/signup",
						Map.of("username", "forger", "password", PASSWORD, "passwordConfirmation", PASSWORD));
			assertThat(forged.statusCode()).isEqualTo(400);
		}
	}

	@Test
	void closed_refusesEveryoneButTheFirst() {
		try (TestServer server = TestServer.start("coffer.sign-up=closed")) {
			assertThat(signUpLinks(server)).as("the first account may sign up").isPositive();
			assertThat(server.client().signUp("owner", PASSWORD).statusCode()).isEqualTo(302);
			assertThat(signUpLinks(server)).as("no page links to a closed sign-up").isZero();
			HttpResponse<String> page = server.client().get("/signup");
			assertThat(page.body()).contains("Sign-up is closed");
			HttpResponse<String> attempt = server.client()
				.postForm("/signup", Map.of("username", "late", "password", PASSWORD, "passwordConfirmation", PASSWORD,
						"_csrf", "none"));
			// A token no session holds is refused as that of a session that ended: sent
			// back to the sign-up page, nothing made.
			assertThat(attempt.statusCode()).isEqualTo(302);
			assertThat(attempt.headers().firstValue("Location").orElseThrow()).endsWith("/signup?page-expired");
			WebClient browser = server.client();
			browser.get("/login");
			String csrf = WebClient.html(browser.get("/login")).selectFirst("input[name=_csrf]").attr("value");
			HttpResponse<String> withToken = browser.postForm("/signup",
					Map.of("username", "late", "password", PASSWORD, "passwordConfirmation", PASSWORD, "_csrf", csrf));
			assertThat(withToken.statusCode()).isEqualTo(403);
			assertThat(withToken.body()).contains("Sign-up is closed");
			assertThat(server.client().login("late", PASSWORD).headers().firstValue("Location").orElseThrow())
				.as("no account was made")
				.contains("error");

			// Invite links would lead to "Sign-up is closed": none is offered, and none
			// is
			// made.
			WebClient admin = server.client();
			admin.login("owner", PASSWORD);
			org.jsoup.nodes.Document account = WebClient.html(admin.get("/account"));
			assertThat(account.select("form[action=/admin/invites]")).isEmpty();
			assertThat(account.selectFirst("#invites-closed").text()).contains("coffer.sign-up=invite")
				.contains("user add");
			HttpResponse<String> invite = admin.postForm("/admin/invites",
					Map.of("_csrf", account.selectFirst("input[name=_csrf]").attr("value")));
			assertThat(invite.statusCode()).isEqualTo(409);
			assertThat(invite.body()).contains("Sign-up is closed on this server");
		}
	}

	/**
	 * The links to the sign-up page that a visitor sees: the header's and the sign-in
	 * page's.
	 */
	private static int signUpLinks(TestServer server) {
		return WebClient.html(server.client().get("/login")).select("a[href=/signup]").size();
	}

}
