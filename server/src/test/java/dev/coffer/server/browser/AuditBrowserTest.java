package dev.coffer.server.browser;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;

import dev.coffer.server.SecurityEvent;
import dev.coffer.server.SecurityEvent.Outcome;
import dev.coffer.server.audit.AuditLog;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit log page in headless Chromium, at desktop and at phone width: nothing scrolls
 * sideways, and no word is split across lines (columns squeezed narrower than their words
 * broke "downloaded" into "downlo-aded").
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AuditBrowserTest {

	private static final String PASSWORD = "harbour pebble saffron 12";

	/** Every word of every cell whose characters are drawn on more than one line. */
	private static final String WORDS_SPLIT_ACROSS_LINES = """
			const split = [];
			const walker = document.createTreeWalker(document.querySelector('table.audit'), NodeFilter.SHOW_TEXT);
			for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			  for (const word of node.data.matchAll(/[^\\s-]+/g)) {
			    const range = document.createRange();
			    range.setStart(node, word.index);
			    range.setEnd(node, word.index + word[0].length);
			    const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0)
			        .map((r) => Math.round(r.bottom)));
			    if (lines.size > 1) {
			      split.push(word[0]);
			    }
			  }
			}
			return split;
			""";

	private static TestServer server;

	private static Browser browser;

	@BeforeAll
	static void start() {
		Browser.assumeInstalled();
		server = TestServer.start();
		WebClient root = server.client();
		root.signUp("root", PASSWORD);
		root.login("root", PASSWORD);
		server.client().login("somebody-with-a-long-name", "not the password at all");
		ApiFixtures.upload(root, "Quarterly financial statements for the supervisory board, final version.xlsx",
				"numbers".getBytes(StandardCharsets.UTF_8));
		AuditLog log = server.bean(AuditLog.class);
		log.append(new SecurityEvent("access.denied", "root", "2001:db8:85a3:0:0:8a2e:370:7334",
				"path:/admin/system/keys", Outcome.DENIED, null));
		log.append(new SecurityEvent("keys.rotated", "root", null, "master-key:1234567890", Outcome.SUCCESS,
				"previous primary 987654321"));
		browser = Browser.open(server);
		browser.signIn("root", PASSWORD);
	}

	@AfterAll
	static void stop() {
		try {
			if (browser != null) {
				browser.close();
			}
		}
		finally {
			if (server != null) {
				server.close();
			}
		}
	}

	@Test
	void auditPage_atDesktopWidth_splitsNoWord_andDoesNotScrollSideways() {
		assertReadableAt(Browser.DESKTOP);
	}

	@Test
	void auditPage_atPhoneWidth_splitsNoWord_andDoesNotScrollSideways() {
		assertReadableAt(Browser.PHONE);
	}

	private static void assertReadableAt(Dimension viewport) {
		browser.resize(viewport);
		browser.visit("/admin/audit");
		assertThat(browser.findAll(By.cssSelector("table.audit tbody tr"))).hasSizeGreaterThanOrEqualTo(6);
		assertThat(browser.find(By.cssSelector("table.audit")).getText()).contains("Sign-in refused: wrong password")
			.contains("root uploaded “Quarterly financial statements")
			.contains("2001:db8:85a3::8a2e:370:7334");
		@SuppressWarnings("unchecked")
		List<String> split = (List<String>) browser.script(WORDS_SPLIT_ACROSS_LINES);
		assertThat(split).as("words split across lines at %s", viewport).isEmpty();
		assertThat(browser.horizontalOverflow()).as("sideways scrolling at %s", viewport).isLessThanOrEqualTo(0);
		browser.assertConsoleClean();
	}

}
