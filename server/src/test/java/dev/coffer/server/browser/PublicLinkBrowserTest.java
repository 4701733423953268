package dev.coffer.server.browser;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public page of a link in a real browser, for a visitor without an account: the
 * Download button fetches the file and leaves the page, and a link that ran out while the
 * page was open lands on the page that says why, instead of a download that silently
 * fails.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PublicLinkBrowserTest {

	private static final String PASSWORD = "copper kettle on the orbit";

	private static TestServer server;

	@BeforeAll
	static void startServer() {
		Browser.assumeInstalled();
		server = TestServer.start();
	}

	@AfterAll
	static void stopServer() {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void linkRevokedWhileItsPageIsOpen_downloadButtonShowsThatItWasRevoked() {
		WebClient owner = server.client();
		owner.signUp("lena", PASSWORD);
		owner.login("lena", PASSWORD);
		byte[] content = "the minutes of the meeting".getBytes(StandardCharsets.UTF_8);
		String fileId = ApiFixtures.upload(owner, "minutes.txt", content).get("id").asString();
		JsonNode link = ApiFixtures.createLink(owner, fileId, "{}");

		try (Browser visitor = Browser.open(server)) {
			visitor.visit("/s/" + link.get("token").asString());
			visitor.find(By.linkText("Download")).click();
			assertThat(visitor.downloaded("minutes.txt", content.length)).isEqualTo(content);
			assertThat(visitor.find(By.tagName("h1")).getText()).as("the page stays").isEqualTo("minutes.txt");

			ApiFixtures.revokeLink(owner, fileId, link.get("id").asString());
			visitor.clickAndWaitForErrorPage(By.linkText("Download"), 410);
			assertThat(visitor.find(By.tagName("h1")).getText()).isEqualTo("This link is no longer available");
			assertThat(visitor.find(By.tagName("main")).getText())
				.contains("This link was revoked by whoever shared it.")
				.doesNotContain("minutes.txt");
		}
	}

}
