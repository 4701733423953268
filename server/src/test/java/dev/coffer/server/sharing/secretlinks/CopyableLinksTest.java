package dev.coffer.server.sharing.secretlinks;

import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.coffer.server.keys.KeyRingStatus;
import dev.coffer.server.keys.MasterKeyRotation;
import dev.coffer.server.keys.Rewraps;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Public links and request links can be copied again by whoever manages them: the token
 * is kept sealed under the master key ring (one data key per link, bound to the link),
 * looked up still by its SHA-256, erased on revocation, re-wrapped by key rotation. Links
 * made before that (no sealed token) say "copy not available".
 */
class CopyableLinksTest {

	static final String PASSWORD = "correct horse battery staple";

	static final JsonMapper JSON = JsonMapper.builder().build();

	static TestServer server;

	static JdbcClient jdbc;

	static WebClient alice;

	static WebClient bob;

	@BeforeAll
	static void start() {
		server = TestServer.start("coffer.keys.reload-interval=200ms", "coffer.keys.rewrap-interval=200ms");
		jdbc = server.bean(JdbcClient.class);
		alice = server.signedUp("alice", PASSWORD);
		bob = server.signedUp("bob", PASSWORD);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void publicLink_isShownAgainThroughTheApi_toItsOwnerOnly_andAudited() {
		String fileId = upload(alice, "again.txt");
		JsonNode created = json(api(alice, "POST", "/api/v1/files/" + fileId + "/links", "{\"maxDownloads\":3}"), 201);
		String token = created.get("token").asString();
		String linkId = created.get("id").asString();
		assertThat(created.get("copyable").asBoolean()).isTrue();

		JsonNode again = json(api(alice, "GET", "/api/v1/files/" + fileId + "/links/" + linkId, null), 200);
		assertThat(again.get("token").asString()).isEqualTo(token);
		assertThat(again.get("url").asString()).isEqualTo(server.baseUrl() + "/s/" + token);
		assertThat(again.get("maxDownloads").asInt()).isEqualTo(3);

		HttpResponse<String> list = api(alice, "GET", "/api/v1/files/" + fileId + "/links", null);
		assertThat(list.body()).as("lists never carry tokens").doesNotContain(token).doesNotContain("\"url\"");
		assertThat(json(list, 200).get(0).get("copyable").asBoolean()).isTrue();

		assertThat(api(bob, "GET", "/api/v1/files/" + fileId + "/links/" + linkId, null).statusCode())
			.as("someone else's file: no such file")
			.isEqualTo(404);
		assertThat(api(alice, "GET", "/api/v1/files/" + fileId + "/links/00000000-0000-0000-0000-000000000000", null)
			.statusCode()).isEqualTo(404);

		Map<String, Object> row = jdbc.sql("select * from links where id = ?").param(linkId).query().singleRow();
		assertThat(row.values()).as("the token is stored only hashed and sealed")
			.noneMatch((value) -> String.valueOf(value).contains(token));
		assertThat(row.get("TOKEN_SEALED")).isNotNull();
		assertThat(jdbc.sql("select actor from audit_events where target = ? and action = 'link.copied'")
			.param("link:" + linkId)
			.query(String.class)
			.list()).containsExactly("alice");
	}

	@Test
	void publicLink_copyPage_showsTheUrlAndAQrCodeOfIt_andTheFilePageLinksToIt() throws Exception {
		String fileId = upload(alice, "qr.txt");
		JsonNode created = json(api(alice, "POST", "/api/v1/files/" + fileId + "/links", "{}"), 201);
		String url = created.get("url").asString();
		String linkId = created.get("id").asString();

		Document filePage = WebClient.html(alice.get("/files/" + fileId));
		assertThat(filePage.select("tr[data-link-id=" + linkId + "] a.link-copy").attr("href"))
			.isEqualTo("/files/" + fileId + "/links/" + linkId);

		HttpResponse<String> page = alice.get("/files/" + fileId + "/links/" + linkId);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
		Document html = WebClient.html(page);
		assertThat(html.selectFirst("h1").text()).isEqualTo("Public link to “qr.txt”");
		assertThat(html.selectFirst("#copy-link-url").attr("value")).isEqualTo(url);
		assertThat(decodeQrCode(html.selectFirst("img.qr-code").attr("src"))).isEqualTo(url);

		assertThat(bob.get("/files/" + fileId + "/links/" + linkId).statusCode()).isEqualTo(404);
	}

	@Test
	void revokedLink_hasNothingLeftToCopy_itsSealedTokenIsErased() {
		String fileId = upload(alice, "revoked.txt");
		JsonNode created = json(api(alice, "POST", "/api/v1/files/" + fileId + "/links", "{}"), 201);
		String linkId = created.get("id").asString();
		assertThat(api(alice, "DELETE", "/api/v1/files/" + fileId + "/links/" + linkId, null).statusCode())
			.isEqualTo(204);

		JsonNode after = json(api(alice, "GET", "/api/v1/files/" + fileId + "/links/" + linkId, null), 200);
		assertThat(after.get("copyable").asBoolean()).isFalse();
		assertThat(after.has("token")).isFalse();
		assertThat(after.get("status").asString()).isEqualTo("revoked");
		assertThat(jdbc
			.sql("select count(*) from links where id = ? and token_sealed is null and token_key is null "
					+ "and token_master_key_id is null")
			.param(linkId)
			.query(Long.class)
			.single()).isEqualTo(1);
		HttpResponse<String> page = alice.get("/files/" + fileId + "/links/" + linkId);
		assertThat(page.statusCode()).isEqualTo(409);
		assertThat(WebClient.html(page).text()).contains("This link was revoked: there is nothing to copy.");
	}

	@Test
	void linkMadeBeforeCopiesWerePossible_saysCopyNotAvailable() {
		String fileId = upload(alice, "old.txt");
		JsonNode created = json(api(alice, "POST", "/api/v1/files/" + fileId + "/links", "{}"), 201);
		String linkId = created.get("id").asString();
		String token = created.get("token").asString();
		// As migration V23 leaves the links made before it.
		jdbc.sql("update links set token_sealed = null, token_key = null, token_master_key_id = null where id = ?")
			.param(linkId)
			.update();

		JsonNode again = json(api(alice, "GET", "/api/v1/files/" + fileId + "/links/" + linkId, null), 200);
		assertThat(again.get("copyable").asBoolean()).isFalse();
		assertThat(again.has("token")).isFalse();
		assertThat(server.client().get("/s/" + token).statusCode()).as("the link itself still works").isEqualTo(200);

		Document filePage = WebClient.html(alice.get("/files/" + fileId));
		assertThat(filePage.select("tr[data-link-id=" + linkId + "] a.link-copy")).isEmpty();
		assertThat(filePage.select("tr[data-link-id=" + linkId + "] .link-no-copy").text())
			.isEqualTo("Copy not available");
		HttpResponse<String> page = alice.get("/files/" + fileId + "/links/" + linkId);
		assertThat(page.statusCode()).isEqualTo(409);
		assertThat(WebClient.html(page).text()).contains("Copy not available: this link was made before");
	}

	@Test
	void sealedTokenMovedToAnotherLink_doesNotOpenThere() {
		String fileId = upload(alice, "moved.txt");
		JsonNode first = json(api(alice, "POST", "/api/v1/files/" + fileId + "/links", "{}"), 201);
		JsonNode second = json(api(alice, "POST", "/api/v1/files/" + fileId + "/links", "{}"), 201);
		jdbc.sql("update links set token_sealed = (select token_sealed from links where id = ?), "
				+ "token_key = (select token_key from links where id = ?) where id = ?")
			.params(first.get("id").asString(), first.get("id").asString(), second.get("id").asString())
			.update();

		HttpResponse<String> copied = api(alice, "GET",
				"/api/v1/files/" + fileId + "/links/" + second.get("id").asString(), null);
		assertThat(copied.statusCode()).as("bound to its own link: an integrity failure, not a token").isEqualTo(500);
		assertThat(copied.body()).doesNotContain(first.get("token").asString());
	}

	@Test
	void requestLink_isShownAgain_onItsPageAndThroughTheApi_untilRevoked() throws Exception {
		JsonNode created = json(api(alice, "POST", "/api/v1/requests",
				"{\"title\":\"Tax papers\",\"maxFiles\":5,\"maxBytes\":1000000}"), 201);
		String id = created.get("id").asString();
		String url = created.get("url").asString();
		assertThat(created.get("copyable").asBoolean()).isTrue();

		JsonNode again = json(api(alice, "GET", "/api/v1/requests/" + id, null), 200);
		assertThat(again.get("url").asString()).isEqualTo(url);
		assertThat(again.get("token").asString()).isEqualTo(created.get("token").asString());
		assertThat(api(alice, "GET", "/api/v1/requests", null).body()).doesNotContain(again.get("token").asString());
		assertThat(api(bob, "GET", "/api/v1/requests/" + id, null).statusCode()).isEqualTo(404);

		Document list = WebClient.html(alice.get("/requests"));
		assertThat(list.select("tr[data-request=" + id + "] a.request-copy").attr("href")).isEqualTo("/requests/" + id);
		HttpResponse<String> page = alice.get("/requests/" + id);
		assertThat(page.statusCode()).isEqualTo(200);
		Document html = WebClient.html(page);
		assertThat(html.selectFirst("h1").text()).isEqualTo("Request link “Tax papers”");
		assertThat(html.selectFirst("#copy-link-url").attr("value")).isEqualTo(url);
		assertThat(decodeQrCode(html.selectFirst("img.qr-code").attr("src"))).isEqualTo(url);
		assertThat(bob.get("/requests/" + id).statusCode()).isEqualTo(404);
		assertThat(jdbc.sql("select count(*) from audit_events where target = ? and action = 'request.copied'")
			.param("request:" + id)
			.query(Long.class)
			.single()).isEqualTo(2);

		assertThat(api(alice, "DELETE", "/api/v1/requests/" + id, null).statusCode()).isEqualTo(204);
		JsonNode revoked = json(api(alice, "GET", "/api/v1/requests/" + id, null), 200);
		assertThat(revoked.get("copyable").asBoolean()).isFalse();
		assertThat(revoked.has("url")).isFalse();
		assertThat(alice.get("/requests/" + id).statusCode()).isEqualTo(409);
	}

	@Test
	void keyRotation_rewrapsTheSealedTokens_andLinksStillCopy() throws Exception {
		String fileId = upload(alice, "rotated.txt");
		JsonNode link = json(api(alice, "POST", "/api/v1/files/" + fileId + "/links", "{}"), 201);
		JsonNode request = json(
				api(alice, "POST", "/api/v1/requests", "{\"title\":\"Rotated\",\"maxFiles\":1,\"maxBytes\":1000}"),
				201);
		MasterKeyRotation rotation = server.bean(MasterKeyRotation.class);
		long before = rotation.status().secrets();

		int newKey = rotation.rotate("test", (progress) -> {
		});
		KeyRingStatus status = Rewraps.awaitComplete(rotation, Duration.ofSeconds(30));
		assertThat(status.secrets()).as("link tokens count among the wrapped secrets").isEqualTo(before);
		assertThat(jdbc.sql("select token_master_key_id from links where id = ?")
			.param(link.get("id").asString())
			.query(Long.class)
			.single()).isEqualTo(Integer.toUnsignedLong(newKey));
		assertThat(jdbc.sql("select token_master_key_id from file_requests where id = ?")
			.param(request.get("id").asString())
			.query(Long.class)
			.single()).isEqualTo(Integer.toUnsignedLong(newKey));
		assertThat(json(api(alice, "GET", "/api/v1/files/" + fileId + "/links/" + link.get("id").asString(), null), 200)
			.get("token")
			.asString()).isEqualTo(link.get("token").asString());
		assertThat(json(api(alice, "GET", "/api/v1/requests/" + request.get("id").asString(), null), 200).get("token")
			.asString()).isEqualTo(request.get("token").asString());
	}

	/**
	 * Reads the QR code of an SVG data URL as QrCodes draws it: one 1×1 square per dark
	 * module.
	 */
	private static String decodeQrCode(String dataUrl) throws Exception {
		assertThat(dataUrl).startsWith("data:image/svg+xml;base64,");
		String svg = new String(Base64.getDecoder().decode(dataUrl.substring(dataUrl.indexOf(',') + 1)),
				StandardCharsets.UTF_8);
		Matcher box = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"").matcher(svg);
		assertThat(box.find()).isTrue();
		int modules = Integer.parseInt(box.group(1));
		int scale = 4;
		int size = modules * scale;
		int[] pixels = new int[size * size];
		java.util.Arrays.fill(pixels, 0xFFFFFF);
		Matcher square = Pattern.compile("M(\\d+),(\\d+)h1v1h-1z").matcher(svg);
		while (square.find()) {
			int x = Integer.parseInt(square.group(1));
			int y = Integer.parseInt(square.group(2));
			for (int dy = 0; dy < scale; dy++) {
				for (int dx = 0; dx < scale; dx++) {
					pixels[(y * scale + dy) * size + x * scale + dx] = 0;
				}
			}
		}
		return new QRCodeReader()
			.decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(size, size, pixels))))
			.getText();
	}

	private static String upload(WebClient owner, String name) {
		HttpResponse<String> response = owner
			.send(owner.apiRequest("/api/v1/files?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8))
				.PUT(BodyPublishers.ofString("content of " + name))
				.build());
		assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
		return JSON.readTree(response.body()).get("id").asString();
	}

	private static HttpResponse<String> api(WebClient client, String method, String path, String jsonBody) {
		var request = client.apiRequest(path);
		if (jsonBody != null) {
			request.setHeader("Content-Type", "application/json");
		}
		return client.send(
				request.method(method, (jsonBody != null) ? BodyPublishers.ofString(jsonBody) : BodyPublishers.noBody())
					.build());
	}

	private static JsonNode json(HttpResponse<String> response, int expectedStatus) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
		return JSON.readTree(response.body());
	}

}
