package dev.coffer.server.mfa;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.mfa.SecondFactorPages.Enrolment;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;
import dev.coffer.testendpoints.ControllableClock;

import static dev.coffer.server.mfa.SecondFactorPages.PASSWORD;
import static dev.coffer.server.mfa.SecondFactorPages.codeAt;
import static dev.coffer.server.mfa.SecondFactorPages.enterCode;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code coffer.security.require-second-factor=true}, a user without a second factor
 * can do nothing after the password but set one up.
 */
class SecondFactorRequiredTest {

	static TestServer server;

	static ControllableClock clock;

	@BeforeAll
	static void start() {
		server = TestServer.startWith(new Class<?>[] { ControllableClock.class },
				"coffer.security.require-second-factor=true");
		clock = server.bean(ControllableClock.class);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void aUserWithoutSecondFactor_isSentToEnrolment_andCanDoNothingElseUntilEnrolled() {
		WebClient lena = server.client();
		lena.signUp("lena-required", PASSWORD);
		lena = server.client();
		assertThat(lena.login("lena-required", PASSWORD).statusCode()).isEqualTo(302);
		for (String page : new String[] { "/files", "/account", "/login/second-factor" }) {
			HttpResponse<String> refused = lena.get(page);
			assertThat(refused.statusCode()).as(page).isEqualTo(302);
			assertThat(refused.headers().firstValue("Location").orElseThrow()).endsWith("/account/second-factor");
		}
		HttpResponse<String> token = lena.postForm("/account/tokens", Map.of("name", "sneaky", "expiresIn", "30"));
		assertThat(token.statusCode()).isIn(302, 403);
		assertThat(token.headers().firstValue("Location").orElse("")).doesNotEndWith("#tokens");
		HttpResponse<String> api = lena
			.send(lena.request("/api/v1/me").setHeader("Accept", "application/json").build());
		assertThat(api.statusCode()).isEqualTo(401);

		Enrolment enrolment = SecondFactorPages.enrol(lena, clock);
		assertThat(lena.get("/files").statusCode()).isEqualTo(200);
		// Required: it cannot be turned off by the user.
		assertThat(WebClient.html(lena.get("/account")).select("form[action=/account/second-factor/disable]"))
			.isEmpty();

		clock.advance(Duration.ofMinutes(1));
		WebClient next = server.client();
		next.login("lena-required", PASSWORD);
		assertThat(next.get("/files").headers().firstValue("Location").orElseThrow()).endsWith("/login/second-factor");
		assertThat(enterCode(next, codeAt(enrolment.secret(), clock, 0)).statusCode()).isEqualTo(302);
		assertThat(next.get("/files").statusCode()).isEqualTo(200);
	}

}
