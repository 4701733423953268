package dev.coffer.server.keys;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin system page ({@code /admin/system}): what it shows, who may see it, and its
 * "Rotate master key" button.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SystemPageTest {

	static TestServer server;

	static WebClient admin;

	static WebClient bob;

	@BeforeAll
	static void start() {
		server = TestServer.start("coffer.keys.reload-interval=200ms", "coffer.keys.rewrap-interval=200ms");
		admin = FileTraffic.signedUp(server, "admin");
		bob = FileTraffic.signedUp(server, "bob");
		FileTraffic traffic = new FileTraffic(bob);
		Random random = new Random(3);
		assertThat(traffic.upload("one", 5000, random)).isEqualTo(201);
		assertThat(traffic.upload("two", 7000, random)).isEqualTo(201);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void systemPage_showsCountsAndTheDataKeysOfEachMasterKey() {
		HttpResponse<String> page = admin.get("/admin/system");
		assertThat(page.statusCode()).isEqualTo(200);
		Document html = WebClient.html(page);
		assertThat(html.selectFirst("#users").text()).isEqualTo("2");
		assertThat(html.selectFirst("#files").text()).isEqualTo("2");
		assertThat(html.selectFirst("#storage").text()).as("in binary units, with the exact count")
			.contains("12 KiB (12,000 bytes) of content");
		String primary = Integer.toUnsignedString(server.bean(MasterKeys.class).ring().primaryKeyId());
		assertThat(html.select("tr[data-key-id=" + primary + "] td").eachText()).containsExactly(primary, "enabled",
				"yes", "2", "0", "1");
		assertThat(html.select("thead th").eachText()).contains("File data keys", "Other secrets", "Audit log keys");
		assertThat(html.select("#rotation-status")).singleElement()
			.satisfies((status) -> assertThat(status.text())
				.isEqualTo("Never rotated: all 3 keys are on the primary key."));
		assertThat(html.selectFirst("#confirm-rotation").attributes().hasKey("required")).isTrue();
		assertThat(html.selectFirst(".rotate-form button").attributes().hasKey("disabled")).isFalse();
		assertThat(html.select("header nav.site-nav a[href=/admin/system]")).hasSize(1);
	}

	@Test
	void systemPage_forANonAdmin_is404_andHasNoLink() {
		assertThat(bob.get("/admin/system").statusCode()).isEqualTo(404);
		assertThat(WebClient.html(bob.get("/files")).select("a[href=/admin/system]")).isEmpty();
		int before = server.bean(MasterKeys.class).ring().keys().size();
		HttpResponse<String> post = bob.postForm("/admin/system/rotate", Map.of("_csrf", csrfOf(bob)));
		assertThat(post.statusCode()).isEqualTo(404);
		assertThat(server.bean(MasterKeys.class).ring().keys()).hasSize(before);
	}

	@Test
	void rotateButton_withoutTheConfirmationTicked_rotatesNothing_andSaysWhy() {
		int before = server.bean(MasterKeys.class).ring().keys().size();
		HttpResponse<String> post = admin.submit("/admin/system", "/admin/system/rotate", Map.of());
		assertThat(post.statusCode()).isEqualTo(302);
		assertThat(WebClient.html(admin.get("/admin/system")).select(".flash.error").text())
			.isEqualTo("Nothing was rotated: tick the box to confirm the rotation first.");
		assertThat(server.bean(MasterKeys.class).ring().keys()).hasSize(before);
	}

	@Test
	void rotateButton_withoutCsrfToken_is403_andChangesNothing() {
		int before = server.bean(MasterKeys.class).ring().keys().size();
		HttpResponse<String> post = admin.postForm("/admin/system/rotate", Map.of());
		assertThat(post.statusCode()).isEqualTo(403);
		assertThat(server.bean(MasterKeys.class).ring().keys()).hasSize(before);
	}

	/** Last: it changes the keys the other tests look at. */
	@Test
	@Order(Integer.MAX_VALUE)
	void rotateButton_rotates_andThePageShowsTheRewrapDone() throws Exception {
		int oldKey = server.bean(MasterKeys.class).ring().primaryKeyId();
		HttpResponse<String> post = admin.submit("/admin/system", "/admin/system/rotate", Map.of("confirm", "true"));
		assertThat(post.statusCode()).isEqualTo(302);
		assertThat(post.headers().firstValue("Location"))
			.hasValueSatisfying((l) -> assertThat(l).endsWith("/admin/system"));
		KeyRingStatus status = Rewraps.awaitComplete(server.bean(MasterKeyRotation.class), Duration.ofSeconds(20));
		assertThat(status.primaryKeyId()).isNotEqualTo(oldKey);
		assertThat(status.lastRotation().rotatedBy()).isEqualTo("admin");

		Document html = WebClient.html(admin.get("/admin/system"));
		assertThat(html.select("tr[data-key-id=" + status.primaryKeyIdText() + "] td").eachText()).endsWith("yes", "2",
				"0", "1");
		assertThat(html.select("tr[data-key-id=" + Integer.toUnsignedString(oldKey) + "] td.data-keys").text())
			.isEqualTo("0");
		assertThat(html.select("#rotation-status")).singleElement()
			.satisfies((line) -> assertThat(line.text())
				.startsWith("Rotation complete: all 3 keys are on the primary key.")
				.contains("by admin, re-wrap finished 2")
				.doesNotContain("in progress")
				.doesNotContain("ever"));
	}

	private static String csrfOf(WebClient client) {
		return WebClient.html(client.get("/files")).selectFirst("meta[name=csrf-token]").attr("content");
	}

}
