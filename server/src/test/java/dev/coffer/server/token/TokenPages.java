package dev.coffer.server.token;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.jsoup.nodes.Element;

import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/** What the API token tests do over and over: make a token, call the API with one. */
final class TokenPages {

	static final String PASSWORD = "correct horse battery staple";

	private TokenPages() {
	}

	/**
	 * Creates a token on the account page as a signed-in user would, and reads it from
	 * the page shown next.
	 */
	static String create(WebClient browser, String name, String expiresIn) {
		HttpResponse<String> created = browser.submit("/account", "/account/tokens",
				Map.of("name", name, "expiresIn", expiresIn));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
		assertThat(created.headers().firstValue("Location").orElseThrow()).endsWith("/account#tokens");
		Element shown = WebClient.html(browser.get("/account")).selectFirst("input[aria-label=New API token]");
		assertThat(shown).as("the new token on the account page").isNotNull();
		return shown.attr("value");
	}

	/** A request with only the token as credential: a fresh client, no cookies. */
	static HttpResponse<String> call(WebClient client, String method, String path, String token) {
		HttpRequest.Builder request = client.request(path)
			.setHeader("Accept", "application/json")
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (token != null) {
			request.setHeader("Authorization", "Bearer " + token);
		}
		return client.send(request.build());
	}

	/** The CSRF token of the signed-in user's account page. */
	static String csrf(WebClient browser) {
		return WebClient.html(browser.get("/account")).selectFirst("input[name=_csrf]").attr("value");
	}

}
