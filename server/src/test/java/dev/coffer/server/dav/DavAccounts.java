package dev.coffer.server.dav;

import java.net.http.HttpResponse;
import java.util.Map;

import org.jsoup.nodes.Element;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Accounts for the WebDAV tests: signed up, with an access token made on their page. */
final class DavAccounts {

	static final String PASSWORD = "correct horse battery staple";

	private DavAccounts() {
	}

	/**
	 * Signs {@code username} up and makes an access token on the account page as a user
	 * would, read from the page shown next.
	 */
	static String tokenOf(TestServer server, String username) {
		return signUp(server, username).token();
	}

	/** A signed-up user's browser session and the access token made in it. */
	record Account(WebClient browser, String token) {
	}

	/** As {@link #tokenOf}, keeping the browser session, for what WebDAV cannot do. */
	static Account signUp(TestServer server, String username) {
		WebClient browser = server.signedUp(username, PASSWORD);
		HttpResponse<String> created = browser.submit("/account", "/account/tokens",
				Map.of("name", "WebDAV", "expiresIn", "30"));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
		Element shown = WebClient.html(browser.get("/account")).selectFirst("input[aria-label=New API token]");
		assertThat(shown).as("the new token on the account page").isNotNull();
		return new Account(browser, shown.attr("value"));
	}

}
