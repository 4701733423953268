package dev.coffer.server.mfa;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.server.mfa.SecondFactorPages.Enrolment;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;
import dev.coffer.testendpoints.ControllableClock;

import static dev.coffer.server.mfa.SecondFactorPages.PASSWORD;
import static dev.coffer.server.mfa.SecondFactorPages.codeAt;
import static dev.coffer.server.mfa.SecondFactorPages.enrol;
import static dev.coffer.server.mfa.SecondFactorPages.enterCode;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * TOTP as a second factor over real HTTPS, with the server's clock under the test's
 * control: enrolment with a QR code, sign-in that needs the code, drift, reuse,
 * throttling, recovery codes, turning it off, the admin's reset, and API tokens that stay
 * unaffected.
 */
class SecondFactorLoginTest {

	static TestServer server;

	static ControllableClock clock;

	@BeforeAll
	static void start() {
		server = TestServer.startWith(new Class<?>[] { ControllableClock.class });
		clock = server.bean(ControllableClock.class);
		server.client().signUp("mfa-admin", PASSWORD); // the first account, admin
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@BeforeEach
	void tenSecondsIntoAStep() {
		// Move on by a few minutes per test, so no test reuses another's steps by
		// accident.
		long step = TotpCodes.step(clock.millis()) + 10;
		clock.set(Instant.ofEpochSecond(step * TotpCodes.STEP_SECONDS + 10));
	}

	@Test
	void enrolment_showsQrCodeAndSecret_andTakesEffectOnlyWithAValidCode() {
		WebClient alice = signedIn("alice-mfa");
		Document page = WebClient.html(alice.get("/account/second-factor"));
		Element qr = page.selectFirst("img.qr-code");
		assertThat(qr).isNotNull();
		assertThat(qr.attr("src")).startsWith("data:image/svg+xml;base64,");
		String svg = new String(Base64.getDecoder().decode(qr.attr("src").substring(qr.attr("src").indexOf(',') + 1)));
		assertThat(svg).startsWith("<svg").contains("<path");
		String secret = page.selectFirst("input[aria-label=Secret key]").attr("value");
		assertThat(secret).matches("[A-Z2-7]{32}");

		HttpResponse<String> wrong = alice.submit("/account/second-factor", "/account/second-factor/confirm",
				Map.of("code", wrongCode(SecondFactorPages.base32Decode(secret))));
		assertThat(wrong.statusCode()).isEqualTo(400);
		assertThat(wrong.body()).contains("not right");
		assertThat(WebClient.html(alice.get("/account")).select("#second-factor").text())
			.contains("Set up two-step verification");
		// The same secret is still offered, so a typo does not mean scanning again.
		assertThat(WebClient.html(alice.get("/account/second-factor"))
			.selectFirst("input[aria-label=Secret key]")
			.attr("value")).isEqualTo(secret);

		Enrolment enrolment = enrol(alice, clock);
		assertThat(enrolment.base32Secret()).isEqualTo(secret);
		assertThat(enrolment.recoveryCodes()).doesNotHaveDuplicates()
			.allSatisfy((code) -> assertThat(code).matches("[a-z2-9]{4}(-[a-z2-9]{4}){3}"));
		assertThat(WebClient.html(alice.get("/account")).select("#second-factor").text()).contains("On:")
			.contains("10 of 10 recovery codes left");
	}

	@Test
	void passwordAlone_doesNotReachFilesOrTheApi_untilTheCodeIsEntered() {
		Enrolment enrolment = enrol(signedIn("bob-mfa"), clock);
		clock.advance(Duration.ofSeconds(TotpCodes.STEP_SECONDS));
		WebClient bob = server.client();
		HttpResponse<String> login = bob.login("bob-mfa", PASSWORD);
		assertThat(login.statusCode()).isEqualTo(302);

		HttpResponse<String> files = bob.get("/files");
		assertThat(files.statusCode()).isEqualTo(302);
		assertThat(files.headers().firstValue("Location").orElseThrow()).endsWith("/login/second-factor");
		HttpResponse<String> api = bob.send(bob.request("/api/v1/me").setHeader("Accept", "application/json").build());
		assertThat(api.statusCode()).isEqualTo(401);
		assertThat(api.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(bob.get("/account").statusCode()).isEqualTo(302);
		// The second step's page offers no link that would only lead back to it.
		Document secondStep = WebClient.html(bob.get("/login/second-factor"));
		assertThat(secondStep.select("header nav a").eachText()).isEmpty();
		assertThat(secondStep.select("header nav form[action=/logout] button").text()).startsWith("Sign out");
		String sessionBefore = bob.sessionCookie();

		HttpResponse<String> verified = enterCode(bob, codeAt(enrolment.secret(), clock, 0));
		assertThat(verified.statusCode()).isEqualTo(302);
		assertThat(verified.headers().firstValue("Location").orElseThrow()).endsWith("/");
		assertThat(bob.sessionCookie()).isNotEqualTo(sessionBefore);
		assertThat(WebClient.html(bob.get("/files")).select("header nav a").eachText()).contains("My files");
		assertThat(bob.get("/login/second-factor").statusCode()).isEqualTo(302);
	}

	@Test
	void codes_oneStepEitherSideAreAccepted_twoStepsAreNot() {
		Enrolment enrolment = enrol(signedIn("carol-mfa"), clock);
		clock.advance(Duration.ofMinutes(5));
		WebClient carol = loggedInWithPasswordOnly("carol-mfa");
		assertThat(enterCode(carol, codeAt(enrolment.secret(), clock, 2)).statusCode()).isEqualTo(400);
		assertThat(enterCode(carol, codeAt(enrolment.secret(), clock, -2)).statusCode()).isEqualTo(400);
		assertThat(enterCode(carol, codeAt(enrolment.secret(), clock, -1)).statusCode()).isEqualTo(302);

		clock.advance(Duration.ofMinutes(5));
		WebClient later = loggedInWithPasswordOnly("carol-mfa");
		assertThat(enterCode(later, codeAt(enrolment.secret(), clock, 1)).statusCode()).isEqualTo(302);
		assertThat(later.get("/files").statusCode()).isEqualTo(200);
	}

	@Test
	void aCodeThatWasUsed_isRefusedTheSecondTime_evenInAnotherSession() {
		Enrolment enrolment = enrol(signedIn("dave-mfa"), clock);
		clock.advance(Duration.ofMinutes(1));
		String code = codeAt(enrolment.secret(), clock, 0);
		assertThat(enterCode(loggedInWithPasswordOnly("dave-mfa"), code).statusCode()).isEqualTo(302);

		WebClient replay = loggedInWithPasswordOnly("dave-mfa");
		assertThat(enterCode(replay, code).statusCode()).isEqualTo(400);
		// An older step than the last one used is refused as well.
		assertThat(enterCode(replay, codeAt(enrolment.secret(), clock, -1)).statusCode()).isEqualTo(400);
		assertThat(replay.get("/files").statusCode()).isEqualTo(302);
	}

	@Test
	void theLog_recordsThePasswordStep_aWrongCode_andTheSignInOnlyWhenTheCodeIsRight() {
		Enrolment enrolment = enrol(signedIn("lena-mfa"), clock);
		clock.advance(Duration.ofMinutes(1));
		long before = lastAuditId();
		WebClient hank = loggedInWithPasswordOnly("lena-mfa");
		assertThat(auditSince(before, "lena-mfa")).containsExactly("login.password_accepted SUCCESS null");

		assertThat(enterCode(hank, wrongCode(enrolment.secret())).statusCode()).isEqualTo(400);
		assertThat(enterCode(hank, codeAt(enrolment.secret(), clock, 0)).statusCode()).isEqualTo(302);
		assertThat(auditSince(before, "lena-mfa")).containsExactly("login.password_accepted SUCCESS null",
				"mfa.failed FAILURE null", "login.succeeded SUCCESS second step: authenticator app");
	}

	@Test
	void theLog_recordsASignInWithThePasswordAlone_forAUserWithoutASecondFactor() {
		server.client().signUp("mona-mfa", PASSWORD);
		long before = lastAuditId();
		loggedInWithPasswordOnly("mona-mfa");
		assertThat(auditSince(before, "mona-mfa")).containsExactly("login.succeeded SUCCESS null");
	}

	@Test
	void aCodeUsedAgain_isExplainedAsJustUsed_andRecordedAsSuch() {
		Enrolment enrolment = enrol(signedIn("nora-mfa"), clock);
		clock.advance(Duration.ofMinutes(1));
		String code = codeAt(enrolment.secret(), clock, 0);
		assertThat(enterCode(loggedInWithPasswordOnly("nora-mfa"), code).statusCode()).isEqualTo(302);
		long before = lastAuditId();

		HttpResponse<String> replayed = enterCode(loggedInWithPasswordOnly("nora-mfa"), code);
		assertThat(replayed.statusCode()).isEqualTo(400);
		assertThat(WebClient.html(replayed).text()).contains("That code was just used. Wait for the next one")
			.doesNotContain("not right");
		assertThat(auditSince(before, "nora-mfa")).containsExactly("login.password_accepted SUCCESS null",
				"mfa.failed FAILURE code already used");
	}

	@Test
	void wrongCodes_areRefused_andAfterFiveEvenTheRightCodeIsThrottled() {
		Enrolment enrolment = enrol(signedIn("erin-mfa"), clock);
		clock.advance(Duration.ofMinutes(1));
		WebClient erin = loggedInWithPasswordOnly("erin-mfa");
		for (int i = 0; i < 5; i++) {
			HttpResponse<String> wrong = enterCode(erin, wrongCode(enrolment.secret()));
			assertThat(wrong.statusCode()).isEqualTo(400);
			assertThat(wrong.body()).contains("not right");
		}
		HttpResponse<String> throttled = enterCode(erin, codeAt(enrolment.secret(), clock, 0));
		assertThat(throttled.statusCode()).isEqualTo(429);
		assertThat(erin.get("/files").statusCode()).isEqualTo(302);
		assertThat(failures("erin-mfa")).isGreaterThanOrEqualTo(5);

		clock.advance(Duration.ofMinutes(16));
		assertThat(enterCode(erin, codeAt(enrolment.secret(), clock, 0)).statusCode()).isEqualTo(302);
	}

	@Test
	void aRecoveryCode_signsInOnce_andIsThenUsedUp() {
		Enrolment enrolment = enrol(signedIn("frank-mfa"), clock);
		String recovery = enrolment.recoveryCodes().get(3);
		WebClient first = loggedInWithPasswordOnly("frank-mfa");
		assertThat(enterCode(first, recovery.toUpperCase()).statusCode()).isEqualTo(302);
		assertThat(first.get("/files").statusCode()).isEqualTo(200);
		assertThat(WebClient.html(first.get("/account")).select("#second-factor").text())
			.contains("9 of 10 recovery codes left");

		WebClient second = loggedInWithPasswordOnly("frank-mfa");
		assertThat(enterCode(second, recovery).statusCode()).isEqualTo(400);
		assertThat(second.get("/files").statusCode()).isEqualTo(302);
		assertThat(server.bean(JdbcClient.class)
			.sql("select count(*) from audit_events where action = 'mfa.recovery_code_used' and actor = 'frank-mfa'")
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	void regeneratedRecoveryCodes_needACurrentCode_andReplaceTheOldOnes() {
		Enrolment enrolment = enrol(signedIn("gina-mfa"), clock);
		clock.advance(Duration.ofMinutes(1));
		WebClient gina = loggedInWithPasswordOnly("gina-mfa");
		enterCode(gina, codeAt(enrolment.secret(), clock, 0));
		clock.advance(Duration.ofMinutes(1));
		HttpResponse<String> refused = gina.submit("/account", "/account/second-factor/recovery-codes",
				Map.of("code", wrongCode(enrolment.secret())));
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(WebClient.html(refused).select("ul.recovery-codes")).isEmpty();
		assertThat(WebClient.html(refused).select("#second-factor").text()).contains("not right")
			.contains("10 of 10 recovery codes left");
		HttpResponse<String> regenerated = gina.submit("/account", "/account/second-factor/recovery-codes",
				Map.of("code", codeAt(enrolment.secret(), clock, 0)));
		List<String> fresh = WebClient.html(SecondFactorPages.recoveryCodesPage(gina, regenerated))
			.select("ul.recovery-codes code")
			.eachText();
		assertThat(fresh).hasSize(10).doesNotContainAnyElementsOf(enrolment.recoveryCodes());

		assertThat(enterCode(loggedInWithPasswordOnly("gina-mfa"), enrolment.recoveryCodes().get(0)).statusCode())
			.isEqualTo(400);
		assertThat(enterCode(loggedInWithPasswordOnly("gina-mfa"), fresh.get(0)).statusCode()).isEqualTo(302);
	}

	@Test
	void recoveryCodesFile_holdsTheCodesJustShown_asAnAttachmentThatIsNeverCached() {
		WebClient hana = signedIn("hana-mfa");
		HttpResponse<String> shown = confirmEnrolment(hana);
		Document page = WebClient.html(shown);
		List<String> codes = page.select("ul.recovery-codes code").eachText();
		assertThat(page.select("button[data-print]")).as("print button").hasSize(1);

		HttpResponse<String> file = postFormOf(hana, page, "/account/second-factor/recovery-codes/file");
		assertThat(file.statusCode()).isEqualTo(200);
		assertThat(file.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
		assertThat(file.headers().firstValue("Content-Disposition"))
			.hasValue("attachment; filename=\"coffer-recovery-codes.txt\"");
		assertThat(file.headers().firstValue("Cache-Control"))
			.hasValueSatisfying((c) -> assertThat(c).contains("no-store"));
		assertThat(file.body()).startsWith("Coffer recovery codes for hana-mfa at https://");
		assertThat(file.body().lines().filter(codes::contains).toList()).isEqualTo(codes);
	}

	@Test
	void recoveryCodesPage_showsTheSameCodesOnReload_untilTheUserSaysTheyAreSaved() {
		WebClient olga = signedIn("olga-mfa");
		List<String> codes = WebClient.html(confirmEnrolment(olga)).select("ul.recovery-codes code").eachText();
		assertThat(codes).hasSize(10);

		HttpResponse<String> reloaded = olga.get("/account/second-factor/recovery-codes");
		assertThat(reloaded.statusCode()).isEqualTo(200);
		assertThat(WebClient.html(reloaded).select("ul.recovery-codes code").eachText()).isEqualTo(codes);
		assertThat(reloaded.headers().firstValue("Cache-Control"))
			.hasValueSatisfying((c) -> assertThat(c).contains("no-store"));

		HttpResponse<String> saved = olga.submit("/account/second-factor/recovery-codes",
				"/account/second-factor/recovery-codes/saved", Map.of());
		assertThat(saved.statusCode()).isEqualTo(302);
		HttpResponse<String> afterwards = olga.get("/account/second-factor/recovery-codes");
		assertThat(afterwards.statusCode()).isEqualTo(302);
		assertThat(afterwards.headers().firstValue("Location").orElseThrow()).contains("/account");
		assertThat(WebClient.html(olga.get("/account")).text()).doesNotContain(codes.get(0));
	}

	@Test
	void recoveryCodesFile_refusesCodesThatAreNotTheUsersUnusedOnes() {
		WebClient ingrid = signedIn("ingrid-mfa");
		Document page = WebClient.html(confirmEnrolment(ingrid));
		String used = page.select("ul.recovery-codes code").eachText().get(0);
		WebClient other = loggedInWithPasswordOnly("ingrid-mfa");
		assertThat(enterCode(other, used).statusCode()).isEqualTo(302);

		HttpResponse<String> refused = postFormOf(ingrid, page, "/account/second-factor/recovery-codes/file");
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.headers().firstValue("Content-Disposition")).isEmpty();
		assertThat(refused.body()).doesNotContain(page.select("ul.recovery-codes code").eachText().get(1));
		WebClient stranger = signedIn("jack-mfa");
		HttpResponse<String> notTheirs = postFormOf(stranger, page, "/account/second-factor/recovery-codes/file");
		assertThat(notTheirs.statusCode()).as("someone else's codes, even with a valid CSRF token").isIn(400, 403);
	}

	/**
	 * Confirms a new enrolment with the current code; returns the page with the codes.
	 */
	private static HttpResponse<String> confirmEnrolment(WebClient user) {
		String secret = WebClient.html(user.get("/account/second-factor"))
			.selectFirst("input[aria-label=Secret key]")
			.attr("value");
		HttpResponse<String> shown = user.submit("/account/second-factor", "/account/second-factor/confirm",
				Map.of("code", codeAt(SecondFactorPages.base32Decode(secret), clock, 0)));
		return SecondFactorPages.recoveryCodesPage(user, shown);
	}

	/**
	 * Posts a form of {@code page} with its hidden fields, repeated names included, as a
	 * browser would; the CSRF token is this client's own.
	 */
	private static HttpResponse<String> postFormOf(WebClient client, Document page, String action) {
		String csrf = client.csrfToken();
		String body = page.select("form[action=" + action + "] input[type=hidden]")
			.stream()
			.map((input) -> input.attr("name") + "="
					+ URLEncoder.encode(input.attr("name").equals("_csrf") ? csrf : input.attr("value"),
							StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return client.send(client.request(action)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	@Test
	void disabling_needsPasswordAndCode_thenThePasswordIsEnoughAgain() {
		Enrolment enrolment = enrol(signedIn("hank-mfa"), clock);
		clock.advance(Duration.ofMinutes(1));
		WebClient hank = loggedInWithPasswordOnly("hank-mfa");
		enterCode(hank, codeAt(enrolment.secret(), clock, 0));
		clock.advance(Duration.ofMinutes(1));
		HttpResponse<String> wrongPassword = hank.submit("/account", "/account/second-factor/disable",
				Map.of("password", "not the password at all", "code", codeAt(enrolment.secret(), clock, 0)));
		assertThat(wrongPassword.statusCode()).isEqualTo(400);
		assertThat(loggedInWithPasswordOnly("hank-mfa").get("/files").statusCode()).isEqualTo(302);

		HttpResponse<String> disabled = hank.submit("/account", "/account/second-factor/disable",
				Map.of("password", PASSWORD, "code", codeAt(enrolment.secret(), clock, 0)));
		assertThat(disabled.statusCode()).isEqualTo(302);
		assertThat(loggedInWithPasswordOnly("hank-mfa").get("/files").statusCode()).isEqualTo(200);
	}

	@Test
	void adminReset_needsConfirming_removesTheSecondFactor_liftsTheCodeLock_andIsOfferedOnlyForUsersWhoHaveOne() {
		Enrolment enrolment = enrol(signedIn("ivan-mfa"), clock);
		signedIn("kim-mfa");
		clock.advance(Duration.ofMinutes(1));
		// ivan has locked his second step with wrong codes.
		WebClient ivan = loggedInWithPasswordOnly("ivan-mfa");
		for (int i = 0; i < 5; i++) {
			enterCode(ivan, wrongCode(enrolment.secret()));
		}
		assertThat(enterCode(ivan, codeAt(enrolment.secret(), clock, 0)).statusCode()).isEqualTo(429);
		WebClient admin = server.client();
		admin.login("mfa-admin", PASSWORD);
		String resetFor = "form[action=/admin/users/second-factor/reset]:has(input[name=username][value=%s])";
		Document users = WebClient.html(admin.get("/admin/users"));
		assertThat(users.select(resetFor.formatted("ivan-mfa"))).hasSize(1);
		assertThat(users.select(resetFor.formatted("ivan-mfa") + " input[type=checkbox][name=confirm][required]"))
			.hasSize(1);
		assertThat(users.select(resetFor.formatted("kim-mfa"))).as("no second factor, nothing to reset").isEmpty();

		// One click without ticking the box changes nothing.
		HttpResponse<String> unconfirmed = admin.submit("/admin/users", "/admin/users/second-factor/reset",
				Map.of("username", "ivan-mfa"));
		assertThat(unconfirmed.statusCode()).isEqualTo(302);
		assertThat(admin.get("/admin/users").body()).contains("Nothing was changed");
		assertThat(loggedInWithPasswordOnly("ivan-mfa").get("/files").statusCode()).isEqualTo(302);

		HttpResponse<String> reset = admin.submit("/admin/users", "/admin/users/second-factor/reset",
				Map.of("username", "ivan-mfa", "confirm", "true"));
		assertThat(reset.statusCode()).isEqualTo(302);
		Document after = WebClient.html(admin.get("/admin/users"));
		assertThat(after.text()).contains("Removed the second factor of ivan-mfa");
		assertThat(after.select(resetFor.formatted("ivan-mfa"))).isEmpty();
		WebClient ivanAgain = loggedInWithPasswordOnly("ivan-mfa");
		assertThat(ivanAgain.get("/files").statusCode()).isEqualTo(200);
		// He is told, in his own security log, by whom.
		assertThat(WebClient.html(ivanAgain.get("/account")).select("#security-events .audit-sentence").eachText())
			.contains("mfa-admin reset the second factor of ivan-mfa");
		// The lock from his wrong codes went with it: he sets a factor up again and
		// uses it at once, well within the 15 minutes the lock would have lasted.
		Enrolment again = enrol(ivanAgain, clock);
		clock.advance(Duration.ofMinutes(1));
		assertThat(enterCode(loggedInWithPasswordOnly("ivan-mfa"), codeAt(again.secret(), clock, 0)).statusCode())
			.isEqualTo(302);
		assertThat(server.bean(JdbcClient.class)
			.sql("select count(*) from audit_events where action = 'admin.mfa_reset' and actor = 'mfa-admin'")
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	void apiTokens_keepWorkingWithoutASecondFactor() {
		WebClient jane = signedIn("jane-mfa");
		HttpResponse<String> created = jane.submit("/account", "/account/tokens",
				Map.of("name", "backup", "expiresIn", "30"));
		assertThat(created.statusCode()).isEqualTo(302);
		String token = WebClient.html(jane.get("/account"))
			.selectFirst("input[aria-label=New API token]")
			.attr("value");
		enrol(jane, clock);

		WebClient program = server.client();
		HttpResponse<String> me = program.send(program.request("/api/v1/me")
			.setHeader("Accept", "application/json")
			.setHeader("Authorization", "Bearer " + token)
			.build());
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(me.body()).contains("\"username\":\"jane-mfa\"");
	}

	@Test
	void theSecret_isNeverStoredInPlaintext() {
		Enrolment enrolment = enrol(signedIn("kate-mfa"), clock);
		JdbcClient jdbc = server.bean(JdbcClient.class);
		String rows = jdbc.sql("select * from totp_credentials").query().listOfRows().toString()
				+ jdbc.sql("select * from recovery_codes").query().listOfRows();
		assertThat(rows).containsIgnoringCase("secret_ciphertext")
			.doesNotContain(enrolment.base32Secret())
			.doesNotContainIgnoringCase(HexFormat.of().formatHex(enrolment.secret()))
			.doesNotContain(Base64.getEncoder().withoutPadding().encodeToString(enrolment.secret()));
		for (String code : enrolment.recoveryCodes()) {
			assertThat(rows).doesNotContain(code).doesNotContain(code.replace("-", ""));
		}
		for (byte[] attribute : jdbc.sql("select ATTRIBUTE_BYTES from SPRING_SESSION_ATTRIBUTES")
			.query(byte[].class)
			.list()) {
			String stored = new String(attribute, java.nio.charset.StandardCharsets.ISO_8859_1);
			assertThat(stored).doesNotContain(enrolment.base32Secret());
			// The codes wait in the session until the user says they are saved: sealed.
			for (String code : enrolment.recoveryCodes()) {
				assertThat(stored).doesNotContain(code).doesNotContain(code.replace("-", ""));
			}
		}
	}

	private static WebClient signedIn(String username) {
		server.client().signUp(username, PASSWORD);
		WebClient browser = server.client();
		browser.login(username, PASSWORD);
		return browser;
	}

	private static WebClient loggedInWithPasswordOnly(String username) {
		WebClient browser = server.client();
		assertThat(browser.login(username, PASSWORD).statusCode()).isEqualTo(302);
		return browser;
	}

	/** A well-formed code that none of the steps in reach has. */
	private static String wrongCode(byte[] secret) {
		for (int candidate = 0;; candidate++) {
			String code = String.format("%06d", candidate);
			boolean valid = false;
			for (int offset = -2; offset <= 2; offset++) {
				valid |= codeAt(secret, clock, offset).equals(code);
			}
			if (!valid) {
				return code;
			}
		}
	}

	private static long lastAuditId() {
		return server.bean(JdbcClient.class)
			.sql("select coalesce(max(id), 0) from audit_events")
			.query(Long.class)
			.single();
	}

	/**
	 * The user's entries after the given id, oldest first: action, outcome and details.
	 */
	private static List<String> auditSince(long id, String username) {
		return server.bean(JdbcClient.class)
			.sql("select action, outcome, details from audit_events where id > ? and actor = ? order by id")
			.params(id, username)
			.query((row, n) -> row.getString(1) + " " + row.getString(2) + " " + row.getString(3))
			.list();
	}

	private static long failures(String username) {
		return server.bean(JdbcClient.class)
			.sql("select count(*) from audit_events where action = 'mfa.failed' and actor = ?")
			.param(username)
			.query(Long.class)
			.single();
	}

}
