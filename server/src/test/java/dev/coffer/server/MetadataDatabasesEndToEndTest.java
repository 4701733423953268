package dev.coffer.server;

import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.server.audit.ChainVerifier;
import dev.coffer.server.support.Databases;
import dev.coffer.server.support.Databases.Database;
import dev.coffer.server.support.Databases.Engine;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.Tus;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user does, over HTTPS against the real application running on PostgreSQL and on
 * MariaDB (H2 is what every other integration test runs on): sessions in Spring Session's
 * tables of that engine, files, versions, ranges, API tokens, the audit chain and a
 * resumable upload across a restart.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(value = Engine.class, names = { "POSTGRESQL", "MARIADB" })
class MetadataDatabasesEndToEndTest {

	static final String PASSWORD = "correct horse battery staple";

	@Parameter
	Engine engine;

	@Test
	@Timeout(180)
	void userJourney_worksEndToEnd_andTheSessionOutlivesARestart() throws Exception {
		Database database = Databases.fresh(this.engine);
		String[] properties = Stream
			.concat(Stream.of(database.serverProperties()), Stream.of("coffer.requests.min-fill-time=0s"))
			.toArray(String[]::new);
		try (TestServer server = TestServer.start(properties)) {
			WebClient alice = server.client();
			assertThat(alice.signUp("alice", PASSWORD).statusCode()).isEqualTo(302);
			assertThat(alice.login("alice", PASSWORD).statusCode()).isEqualTo(302);
			assertThat(alice.get("/account").body()).contains("alice");

			// Raw PUT, then multipart POST with a 4-byte UTF-8 name.
			byte[] content = new byte[1_500_000];
			new Random(7).nextBytes(content);
			HttpResponse<String> put = put(alice, "big.bin", content);
			assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
			String id = field(put.body(), "id");
			HttpResponse<String> multipart = multipart(alice, "📄 notes.txt", "first notes");
			assertThat(multipart.statusCode()).as(multipart.body()).isEqualTo(201);
			assertThat(put(alice, "A.txt", "upper".getBytes()).statusCode()).isEqualTo(201);
			assertThat(put(alice, "a.txt", "lower".getBytes()).statusCode()).isEqualTo(201);

			HttpResponse<String> list = alice.send(alice.apiRequest("/api/v1/files?sort=name").GET().build());
			assertThat(list.body()).contains("\"name\":\"big.bin\"", "\"name\":\"📄 notes.txt\"", "\"name\":\"A.txt\"",
					"\"name\":\"a.txt\"");

			HttpResponse<byte[]> range = alice.sendForBytes(alice.apiRequest("/api/v1/files/" + id + "/content")
				.header("Range", "bytes=1048570-1048600")
				.GET()
				.build());
			assertThat(range.statusCode()).isEqualTo(206);
			assertThat(range.body()).isEqualTo(Arrays.copyOfRange(content, 1048570, 1048601));

			// Both files as one ZIP; big.bin as if stored before CRC-32s were recorded:
			// its CRC-32 (an unsigned 32-bit value) is computed and recorded on this
			// engine.
			JdbcClient db = server.bean(JdbcClient.class);
			db.sql("update file_versions set crc32 = null where file_id = ?").param(id).update();
			String notesId = field(alice.send(alice.apiRequest("/api/v1/files?q=notes").GET().build()).body(), "id");
			HttpResponse<byte[]> zip = alice.sendForBytes(alice.apiRequest("/api/v1/files/zip")
				.header("Content-Type", "application/json")
				.POST(BodyPublishers.ofString("{\"ids\":[\"" + id + "\",\"" + notesId + "\"]}"))
				.build());
			assertThat(zip.statusCode()).isEqualTo(200);
			Map<String, byte[]> entries = new LinkedHashMap<>();
			try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
				for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
					entries.put(entry.getName(), in.readAllBytes());
				}
			}
			assertThat(entries).containsOnlyKeys("big.bin", "📄 notes.txt");
			assertThat(entries.get("big.bin")).isEqualTo(content);
			CRC32 crc32 = new CRC32();
			crc32.update(content);
			assertThat(db.sql("select crc32 from file_versions where file_id = ?").param(id).query(Long.class).single())
				.isEqualTo(crc32.getValue());

			HttpResponse<String> second = put(alice, "big.bin", "version two".getBytes());
			assertThat(second.body()).contains("\"currentVersion\":2");
			assertThat(alice.send(alice.apiRequest("/api/v1/files/" + id + "/versions").GET().build()).body())
				.contains("\"number\":2", "\"number\":1");
			assertThat(alice.sendForBytes(alice.apiRequest("/api/v1/files/" + id + "/versions/1/content").GET().build())
				.body()).isEqualTo(content);

			HttpResponse<String> renamed = alice.send(alice.apiRequest("/api/v1/files/" + id)
				.header("Content-Type", "application/json")
				.method("PATCH", BodyPublishers.ofString("{\"name\":\"Größe 🐘.bin\"}"))
				.build());
			assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(200);
			assertThat(renamed.body()).contains("\"name\":\"Größe 🐘.bin\"");

			String smallFileId = field(alice.send(alice.apiRequest("/api/v1/files?q=.txt").GET().build()).body(), "id");
			assertThat(alice.send(alice.apiRequest("/api/v1/files/" + id).DELETE().build()).statusCode())
				.isEqualTo(204);
			assertThat(alice.send(alice.apiRequest("/api/v1/files/" + id).GET().build()).statusCode()).isEqualTo(404);

			// An API token, used without any cookie.
			String token = createToken(alice);
			HttpResponse<String> withToken = new WebClient(server)
				.send(new WebClient(server).request("/api/v1/files/" + smallFileId)
					.setHeader("Accept", "application/json")
					.setHeader("Authorization", "Bearer " + token)
					.GET()
					.build());
			assertThat(withToken.statusCode()).isEqualTo(200);
			assertThat(withToken.body()).contains("\"size\":5");

			// Every step above was audited: the chain reads back intact from this engine,
			// once the sealer has chained what was recorded.
			server.awaitAuditSealed();
			ChainVerifier.Result audit = server.bean(ChainVerifier.class).verify();
			assertThat(audit.intact()).as(String.valueOf(audit.problem())).isTrue();
			assertThat(audit.entries()).isGreaterThan(8);

			// A resumable upload: its state is a row of this engine, its lease too.
			byte[] resumable = new byte[2_100_000];
			new Random(8).nextBytes(resumable);
			String upload = Tus.createNamed(alice, resumable.length, "resumable.bin");
			assertThat(Tus.patch(alice, upload, 0, Arrays.copyOf(resumable, 1_200_000)).statusCode()).isEqualTo(204);
			db.sql("update resumable_uploads set lease_token = 'another', lease_until = ? where id = ?")
				.params(System.currentTimeMillis() + 60_000, upload)
				.update();
			assertThat(Tus.patch(alice, upload, 1_200_000, new byte[10]).statusCode()).as("leased elsewhere")
				.isEqualTo(409);
			db.sql("update resumable_uploads set lease_token = null, lease_until = null where id = ?")
				.param(upload)
				.update();

			// Sessions are rows in this engine: a restarted server still knows alice.
			server.stop();
			server.startAgain();
			WebClient sameBrowser = server.client();
			alice.copyCookiesTo(sameBrowser);
			HttpResponse<String> account = sameBrowser.get("/account");
			assertThat(account.statusCode()).isEqualTo(200);
			assertThat(account.body()).contains("alice");

			// ...and the upload goes on where it stopped.
			assertThat(Tus.offset(sameBrowser, upload)).isEqualTo(1_200_000);
			HttpResponse<String> rest = Tus.patch(sameBrowser, upload, 1_200_000,
					Arrays.copyOfRange(resumable, 1_200_000, resumable.length));
			assertThat(rest.statusCode()).as(rest.body()).isEqualTo(204);
			String resumedId = rest.headers().firstValue("Coffer-File-Id").orElseThrow();
			assertThat(sameBrowser
				.sendForBytes(sameBrowser.apiRequest("/api/v1/files/" + resumedId + "/content").GET().build())
				.body()).isEqualTo(resumable);

			// A sender's resumable upload through a request link: held by the link, with
			// no user, and the sender kept beside it until it arrives.
			HttpResponse<String> link = sameBrowser.send(sameBrowser.apiRequest("/api/v1/requests")
				.header("Content-Type", "application/json")
				.POST(BodyPublishers.ofString("{\"title\":\"Drop\",\"maxFiles\":2,\"maxBytes\":100000}"))
				.build());
			assertThat(link.statusCode()).as(link.body()).isEqualTo(201);
			String linkToken = field(link.body(), "token");
			WebClient sender = server.client();
			String csrf = WebClient.html(sender.get("/r/" + linkToken))
				.selectFirst("meta[name=csrf-token]")
				.attr("content");
			HttpResponse<String> started = sender.send(sender.request("/r/" + linkToken + "/uploads")
				.header("Tus-Resumable", "1.0.0")
				.header("X-CSRF-TOKEN", csrf)
				.header("Upload-Length", "5")
				.header("Upload-Metadata",
						"filename " + Tus.base64("dropped.txt") + ",senderName " + Tus.base64("Sol") + ",senderEmail "
								+ Tus.base64("sol@example.org"))
				.header("Content-Type", "application/offset+octet-stream")
				.POST(BodyPublishers.ofString("hello"))
				.build());
			assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
			assertThat(started.headers().firstValue("Coffer-File-Id")).isPresent();
			assertThat(server.bean(JdbcClient.class)
				.sql("select sender_email from received_files")
				.query(String.class)
				.list()).containsExactly("sol@example.org");
		}
	}

	private static HttpResponse<String> put(WebClient client, String name, byte[] content) {
		HttpRequest request = client.apiRequest("/api/v1/files?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8))
			.header("Content-Type", "application/octet-stream")
			.PUT(BodyPublishers.ofByteArray(content))
			.build();
		return client.send(request);
	}

	private static HttpResponse<String> multipart(WebClient client, String name, String content) {
		String boundary = "----coffer" + System.nanoTime();
		String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
				+ "\"\r\nContent-Type: text/plain\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
		return client.send(client.apiRequest("/api/v1/files")
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(BodyPublishers.ofString(body, StandardCharsets.UTF_8))
			.build());
	}

	private static String createToken(WebClient browser) {
		HttpResponse<String> created = browser.submit("/account", "/account/tokens",
				Map.of("name", "laptop", "expiresIn", "30"));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
		Element shown = WebClient.html(browser.get("/account")).selectFirst("input[aria-label=New API token]");
		assertThat(shown).as("the new token on the account page").isNotNull();
		return shown.attr("value");
	}

	private static String field(String json, String name) {
		Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
		assertThat(matcher.find()).as("%s in %s", name, json).isTrue();
		return matcher.group(1);
	}

}
