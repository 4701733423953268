package dev.coffer.server.keys;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.mfa.SecondFactorPages;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The system page while a rotation runs: one status that names the step, never "complete"
 * or "never" at the same time, and a Rotate button that cannot start a second rotation.
 * The key reload interval is long enough to catch step 1, and the re-wrap job runs only
 * at start, so step 2 stays until the test has looked at it.
 */
class SystemPageRotationTest {

	static TestServer server;

	static WebClient admin;

	@BeforeAll
	static void start() {
		server = TestServer.start("coffer.keys.reload-interval=5s", "coffer.keys.rewrap-interval=1h");
		admin = FileTraffic.signedUp(server, "admin");
		Random random = new Random(5);
		FileTraffic traffic = new FileTraffic(admin);
		assertThat(traffic.upload("one", 3000, random)).isEqualTo(201);
		assertThat(traffic.upload("two", 4000, random)).isEqualTo(201);
		String secret = WebClient.html(admin.get("/account/second-factor"))
			.selectFirst("input[aria-label=Secret key]")
			.attr("value");
		HttpResponse<String> enrolled = admin.submit("/account/second-factor", "/account/second-factor/confirm",
				Map.of("code", SecondFactorPages.codeNow(secret)));
		SecondFactorPages.recoveryCodesPage(admin, enrolled);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void duringARotation_thePageShowsOneStatusPerStep_andRotateIsDisabledAndRefused() throws Exception {
		MasterKeyRotation rotation = server.bean(MasterKeyRotation.class);
		Document before = WebClient.html(admin.get("/admin/system"));
		String primary = Integer.toUnsignedString(server.bean(MasterKeys.class).ring().primaryKeyId());
		assertThat(before.select("tr[data-key-id=" + primary + "] td").eachText())
			.as("file data keys, other secrets and audit log keys apart")
			.containsExactly(primary, "enabled", "yes", "2", "1", "1");

		HttpResponse<String> post = admin.submit("/admin/system", "/admin/system/rotate", Map.of("confirm", "true"));
		assertThat(post.statusCode()).isEqualTo(302);
		Document adding = WebClient.html(admin.get("/admin/system"));
		assertThat(rotation.rotationInProgress()).as("still in step 1 when the page was read").isTrue();
		assertThat(statusOf(adding)).startsWith("Rotation in progress, step 1 of 2");
		assertRotateUnavailable(adding);
		int keysDuringRotation = server.bean(MasterKeys.class).ring().keys().size();
		HttpResponse<String> second = admin.submit("/admin/system", "/admin/system/rotate", Map.of("confirm", "true"));
		assertThat(second.statusCode()).isEqualTo(302);
		assertThat(WebClient.html(admin.get("/admin/system")).select(".flash.error").text())
			.startsWith("A master key rotation is already in progress.");

		Instant deadline = Instant.now().plus(Duration.ofSeconds(40));
		while (rotation.rotationInProgress() && Instant.now().isBefore(deadline)) {
			Thread.sleep(200);
		}
		assertThat(rotation.status().lastRotation()).as("the rotation reached step 2").isNotNull();
		Document rewrapping = WebClient.html(admin.get("/admin/system"));
		assertThat(statusOf(rewrapping))
			.isEqualTo("Rotation in progress, step 2 of 2: re-wrapping. 0 of 4 keys are on the primary key, 4 to go. "
					+ "Reload this page to follow it.");
		assertRotateUnavailable(rewrapping);
		HttpResponse<String> third = admin.submit("/admin/system", "/admin/system/rotate", Map.of("confirm", "true"));
		assertThat(third.statusCode()).isEqualTo(302);
		assertThat(WebClient.html(admin.get("/admin/system")).select(".flash.error").text())
			.as("refused while data keys are re-wrapped too")
			.startsWith("A master key rotation is already in progress.");
		assertThat(rotation.rotationInProgress()).as("no rotation started in step 2").isFalse();
		assertThat(server.bean(MasterKeys.class).ring().keys()).as("the refused rotations added no key")
			.hasSize(keysDuringRotation);
	}

	private static String statusOf(Document page) {
		assertThat(page.select("#rotation-status")).hasSize(1);
		String status = page.selectFirst("#rotation-status").text();
		assertThat(status).doesNotContain("complete").doesNotContain("never").doesNotContain("Never");
		return status;
	}

	private static void assertRotateUnavailable(Document page) {
		Element button = page.selectFirst(".rotate-form button[type=submit]");
		assertThat(button.attributes().hasKey("disabled")).isTrue();
		assertThat(page.selectFirst("#confirm-rotation").attributes().hasKey("disabled")).isTrue();
		assertThat(page.selectFirst("#rotate-help").text()).isEqualTo("Unavailable while a rotation is in progress.");
	}

}
