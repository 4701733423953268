package dev.coffer.server.mfa;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.jsoup.nodes.Document;

import dev.coffer.server.support.WebClient;
import dev.coffer.testendpoints.ControllableClock;

import static org.assertj.core.api.Assertions.assertThat;

/** What the second-factor tests do over and over, as a user would do it in a browser. */
public final class SecondFactorPages {

	static final String PASSWORD = "correct horse battery staple";

	private SecondFactorPages() {
	}

	/** An enrolment as the user makes it. */
	record Enrolment(byte[] secret, String base32Secret, List<String> recoveryCodes) {
	}

	/** Sets up TOTP for the signed-in user with the code the app would show now. */
	static Enrolment enrol(WebClient browser, ControllableClock clock) {
		Document page = WebClient.html(browser.get("/account/second-factor"));
		String base32 = page.selectFirst("input[aria-label=Secret key]").attr("value");
		byte[] secret = base32Decode(base32);
		HttpResponse<String> confirmed = browser.submit("/account/second-factor", "/account/second-factor/confirm",
				Map.of("code", codeAt(secret, clock, 0)));
		List<String> codes = WebClient.html(recoveryCodesPage(browser, confirmed))
			.select("ul.recovery-codes code")
			.eachText();
		assertThat(codes).hasSize(10);
		return new Enrolment(secret, base32, codes);
	}

	/**
	 * Follows the redirect that a form making recovery codes answers (post/redirect/get)
	 * to the page that shows them.
	 */
	public static HttpResponse<String> recoveryCodesPage(WebClient browser, HttpResponse<String> posted) {
		assertThat(posted.statusCode()).as(posted.body()).isEqualTo(302);
		assertThat(posted.headers().firstValue("Location").orElseThrow())
			.endsWith("/account/second-factor/recovery-codes");
		HttpResponse<String> page = browser.get("/account/second-factor/recovery-codes");
		assertThat(page.statusCode()).isEqualTo(200);
		return page;
	}

	/** The code of the step {@code offset} steps from the clock's. */
	static String codeAt(byte[] secret, ControllableClock clock, long offset) {
		return TotpCodes.code(secret, TotpCodes.step(clock.millis()) + offset);
	}

	/**
	 * The code an authenticator app holding {@code base32Secret} shows now (wall clock).
	 */
	public static String codeNow(String base32Secret) {
		return TotpCodes.code(base32Decode(base32Secret), TotpCodes.step(System.currentTimeMillis()));
	}

	/** Posts a code on the second sign-in step. */
	static HttpResponse<String> enterCode(WebClient browser, String code) {
		return browser.submit("/login/second-factor", "/login/second-factor", Map.of("code", code));
	}

	static byte[] base32Decode(String text) {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int buffer = 0;
		int bits = 0;
		for (char c : text.toCharArray()) {
			buffer = (buffer << 5) | alphabet.indexOf(c);
			bits += 5;
			if (bits >= 8) {
				out.write((buffer >> (bits - 8)) & 0xff);
				bits -= 8;
			}
		}
		return out.toByteArray();
	}

}
