package dev.coffer.server.sharing.links;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.server.SecretTokens;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;
import dev.coffer.testendpoints.ControllableClock;

import static dev.coffer.server.sharing.links.LinkFixtures.PASSWORD;
import static dev.coffer.server.sharing.links.LinkFixtures.createLink;
import static dev.coffer.server.sharing.links.LinkFixtures.json;
import static dev.coffer.server.sharing.links.LinkFixtures.linkToken;
import static dev.coffer.server.sharing.links.LinkFixtures.random;
import static dev.coffer.server.sharing.links.LinkFixtures.upload;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a link holder gets without signing in: the link page, downloads with Range, and
 * refusals for links that expired, were revoked, are used up, or never existed; password
 * guesses throttled; the download limit holding under concurrent downloads.
 */
class PublicLinkTest {

	static TestServer server;

	static ControllableClock clock;

	static JdbcClient jdbc;

	static WebClient alice;

	@BeforeAll
	static void start() {
		server = TestServer.startWith(new Class<?>[] { ControllableClock.class });
		clock = server.bean(ControllableClock.class);
		jdbc = server.bean(JdbcClient.class);
		alice = server.client();
		alice.signUp("alice", PASSWORD);
		alice.login("alice", PASSWORD);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void linkPage_showsNameSizeAndSha256_andTheDownloadIsTheSameBytes() {
		byte[] content = random(2 * 1024 * 1024 + 5, 1);
		String fileId = upload(alice, "holiday photos.zip", content);
		String token = linkToken(alice, fileId, "{}");
		WebClient anonymous = server.client();

		HttpResponse<String> page = anonymous.get("/s/" + token);
		assertThat(page.statusCode()).isEqualTo(200);
		Document html = WebClient.html(page);
		assertThat(html.selectFirst("h1").text()).isEqualTo("holiday photos.zip");
		assertThat(html.selectFirst("code.hash").text()).isEqualTo(sha256Of(fileId));
		assertThat(html.select("dd").eachText())
			.anyMatch((text) -> text.contains(String.format(java.util.Locale.ENGLISH, "(%,d bytes)", content.length)));
		Element download = html.selectFirst("a.button[href$=/download]");
		assertThat(download.attr("href")).isEqualTo("/s/" + token + "/download");
		// Without it the browser shows the 410 page of a link that ran out while this
		// page was open.
		assertThat(download.hasAttr("download")).as("download attribute").isFalse();

		HttpResponse<byte[]> whole = anonymous.sendForBytes(anonymous.request(download.attr("href")).GET().build());
		assertThat(whole.statusCode()).isEqualTo(200);
		assertThat(whole.body()).isEqualTo(content);
		assertThat(whole.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment;")
			.contains("holiday%20photos.zip");
		assertThat(whole.headers().firstValue("Content-Security-Policy").orElseThrow()).startsWith("sandbox");
		assertThat(whole.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
	}

	@Test
	void range_is206_withExactlyThoseBytes_andOnlyRequestsFromByte0_countAsDownloads() {
		byte[] content = random(3 * 1024 * 1024, 2);
		String fileId = upload(alice, "ranged.bin", content);
		HttpResponse<String> created = createLink(alice, fileId, "{\"maxDownloads\":2}");
		String token = json(created).get("token").asString();
		String linkId = json(created).get("id").asString();
		WebClient anonymous = server.client();
		String path = "/s/" + token + "/download";

		HttpResponse<byte[]> part = anonymous
			.sendForBytes(anonymous.request(path).header("Range", "bytes=1048000-1050000").GET().build());
		assertThat(part.statusCode()).isEqualTo(206);
		assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 1048000-1050000/" + content.length);
		assertThat(part.body()).isEqualTo(Arrays.copyOfRange(content, 1_048_000, 1_050_001));
		assertThat(used(linkId)).as("a continuation is not a new download").isZero();

		HttpResponse<byte[]> first = anonymous
			.sendForBytes(anonymous.request(path).header("Range", "bytes=0-99").GET().build());
		assertThat(first.statusCode()).isEqualTo(206);
		assertThat(first.body()).isEqualTo(Arrays.copyOf(content, 100));
		assertThat(used(linkId)).isEqualTo(1);
		HttpResponse<byte[]> suffixOfEverything = anonymous
			.sendForBytes(anonymous.request(path).header("Range", "bytes=-" + (content.length + 1)).GET().build());
		assertThat(suffixOfEverything.body()).isEqualTo(content);
		assertThat(used(linkId)).as("a suffix range covering everything is a whole download").isEqualTo(2);

		HttpResponse<byte[]> afterLimit = anonymous
			.sendForBytes(anonymous.request(path).header("Range", "bytes=100-").GET().build());
		assertThat(afterLimit.statusCode()).isEqualTo(410);
		assertThat(used(linkId)).isEqualTo(2);
	}

	@Test
	void expiredLink_is410_withAPlainPageThatNamesNoFileButTheReason() {
		String fileId = upload(alice, "expiring-secret-name.txt", "soon gone".getBytes());
		String token = linkToken(alice, fileId, "{\"expiresInDays\":1}");
		WebClient anonymous = server.client();
		assertThat(anonymous.get("/s/" + token).statusCode()).isEqualTo(200);

		clock.advance(Duration.ofDays(1).plusSeconds(1));
		HttpResponse<String> page = anonymous.get("/s/" + token);
		assertThat(page.statusCode()).isEqualTo(410);
		assertThat(WebClient.html(page).selectFirst("h1").text()).isEqualTo("This link is no longer available");
		assertThat(WebClient.html(page).select(".gone").text()).startsWith("This link has expired.");
		assertThat(page.body()).doesNotContain("expiring-secret-name");
		assertThat(anonymous.get("/s/" + token + "/download").statusCode()).isEqualTo(410);
	}

	@Test
	void notModifiedAnswer_sendsNothing_andDoesNotUseUpADownload() {
		String fileId = upload(alice, "cached.txt", "cached once".getBytes());
		String token = linkToken(alice, fileId, "{\"maxDownloads\":1}");
		WebClient anonymous = server.client();
		String etag = "\"" + sha256Of(fileId) + "\"";
		HttpResponse<String> cached = anonymous
			.send(anonymous.request("/s/" + token + "/download").header("If-None-Match", etag).GET().build());
		assertThat(cached.statusCode()).isEqualTo(304);
		assertThat(anonymous.get("/s/" + token + "/download").body()).as("the one download is still there")
			.isEqualTo("cached once");
	}

	@Test
	void exhaustedLink_is410_andSaysTheLimitWasReached() {
		String fileId = upload(alice, "once.txt", "only once".getBytes());
		String token = linkToken(alice, fileId, "{\"maxDownloads\":1}");
		WebClient anonymous = server.client();
		assertThat(anonymous.get("/s/" + token + "/download").body()).isEqualTo("only once");
		HttpResponse<String> gone = anonymous.get("/s/" + token + "/download");
		assertThat(gone.statusCode()).isEqualTo(410);
		assertThat(WebClient.html(gone).select(".gone").text()).startsWith("This link has reached its download limit.");
		assertThat(anonymous.get("/s/" + token).statusCode()).isEqualTo(410);
	}

	@Test
	void unknownAndMalformedTokens_are404() {
		WebClient anonymous = server.client();
		String unknown = SecretTokens.newToken();
		for (String path : List.of("/s/" + unknown, "/s/" + unknown + "/download", "/s/short", "/s/short/download",
				"/s/" + unknown + "x", "/s/" + unknown.substring(1) + "%27", "/s/%3Cscript%3E")) {
			HttpResponse<String> response = anonymous.get(path);
			assertThat(response.statusCode()).as(path).isEqualTo(404);
			assertThat(response.body()).as(path).doesNotContain("Exception");
		}
	}

	@Test
	void passwordLink_refusesWrongGuesses_thenAnswers429WithRetryAfter_andOpensWithTheRightPassword() {
		byte[] content = "behind a password".getBytes();
		String fileId = upload(alice, "protected-name.txt", content);
		HttpResponse<String> created = createLink(alice, fileId, "{\"password\":\"right password 1\"}");
		String token = json(created).get("token").asString();
		String linkId = json(created).get("id").asString();
		String page = "/s/" + token;
		WebClient anonymous = server.client();

		HttpResponse<String> locked = anonymous.get(page);
		assertThat(locked.statusCode()).isEqualTo(200);
		assertThat(WebClient.html(locked).select("input[type=password][name=password]")).hasSize(1);
		assertThat(locked.body()).doesNotContain("protected-name").doesNotContain(sha256Of(fileId));
		HttpResponse<String> early = anonymous.get(page + "/download");
		assertThat(early.statusCode()).as("no download before the password").isEqualTo(303);
		assertThat(early.body()).isEmpty();

		for (int i = 1; i <= 5; i++) {
			HttpResponse<String> wrong = anonymous.submit(page, page, Map.of("password", "wrong guess " + i));
			assertThat(wrong.statusCode()).as("guess " + i).isEqualTo(403);
			assertThat(wrong.body()).doesNotContain("protected-name");
		}
		HttpResponse<String> throttled = anonymous.submit(page, page, Map.of("password", "right password 1"));
		assertThat(throttled.statusCode()).isEqualTo(429);
		assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 30L);
		assertThat(anonymous.get(page + "/download").statusCode()).isEqualTo(303);

		clock.advance(Duration.ofSeconds(31));
		HttpResponse<String> unlocked = anonymous.submit(page, page, Map.of("password", "right password 1"));
		assertThat(unlocked.statusCode()).isEqualTo(302);
		assertThat(WebClient.html(anonymous.get(page)).selectFirst("h1").text()).isEqualTo("protected-name.txt");
		HttpResponse<byte[]> download = anonymous.sendForBytes(anonymous.request(page + "/download").GET().build());
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.body()).isEqualTo(content);
		// Another browser still needs the password.
		assertThat(server.client().get(page + "/download").statusCode()).isEqualTo(303);

		assertThat(auditActions(linkId)).containsSubsequence("link.created", "link.password_failed", "link.used");
		assertThat(auditActions(linkId).stream().filter("link.password_failed"::equals)).hasSize(5);
	}

	@Test
	void passwordGuesses_areSlowed_thenBlockedForAnHour_after20WrongOnes() {
		String fileId = upload(alice, "guarded.txt", "guarded".getBytes());
		String page = "/s/" + linkToken(alice, fileId, "{\"password\":\"the real one 99\"}");
		WebClient guesser = server.client();
		for (int i = 1; i <= 20; i++) {
			if (i > 5) {
				clock.advance(Duration.ofSeconds(31)); // slowed: one guess per 30 seconds
			}
			assertThat(guesser.submit(page, page, Map.of("password", "guess " + i)).statusCode()).as("guess " + i)
				.isEqualTo(403);
		}
		clock.advance(Duration.ofSeconds(31));
		HttpResponse<String> blocked = guesser.submit(page, page, Map.of("password", "the real one 99"));
		assertThat(blocked.statusCode()).isEqualTo(429);
		assertThat(Long.parseLong(blocked.headers().firstValue("Retry-After").orElseThrow())).isGreaterThan(3000);
		clock.advance(Duration.ofMinutes(30));
		assertThat(server.client().submit(page, page, Map.of("password", "the real one 99")).statusCode())
			.as("blocked for everyone: the count is per link")
			.isEqualTo(429);
		clock.advance(Duration.ofMinutes(31));
		assertThat(guesser.submit(page, page, Map.of("password", "the real one 99")).statusCode()).isEqualTo(302);
	}

	@Test
	void concurrentDownloads_neverExceedTheLimit() throws Exception {
		String fileId = upload(alice, "popular.bin", random(64 * 1024, 3));
		HttpResponse<String> created = createLink(alice, fileId, "{\"maxDownloads\":3}");
		String token = json(created).get("token").asString();
		String linkId = json(created).get("id").asString();
		WebClient anonymous = server.client();
		int parallel = 20;
		CountDownLatch go = new CountDownLatch(1);
		List<Future<Integer>> statuses = new ArrayList<>();
		try (ExecutorService threads = Executors.newFixedThreadPool(parallel)) {
			for (int i = 0; i < parallel; i++) {
				statuses.add(threads.submit(() -> {
					go.await();
					return anonymous.sendForBytes(anonymous.request("/s/" + token + "/download").GET().build())
						.statusCode();
				}));
			}
			go.countDown();
			List<Integer> results = new ArrayList<>();
			for (Future<Integer> status : statuses) {
				results.add(status.get());
			}
			assertThat(results.stream().filter((s) -> s == 200)).hasSize(3);
			assertThat(results.stream().filter((s) -> s == 410)).hasSize(parallel - 3);
		}
		assertThat(used(linkId)).isEqualTo(3);
	}

	@Test
	void scriptInTheFileName_comesBackEscapedOnTheLinkPage() {
		String name = "\"><img src=x onerror=alert(1)><script>alert(2).txt";
		String fileId = upload(alice, name, "xss".getBytes());
		HttpResponse<String> page = server.client().get("/s/" + linkToken(alice, fileId, "{}"));
		assertThat(page.statusCode()).isEqualTo(200);
		Document html = WebClient.html(page);
		assertThat(html.selectFirst("h1").text()).isEqualTo(name);
		assertThat(html.select("img")).isEmpty();
		assertThat(html.select("script")).allMatch((script) -> script.attr("src").startsWith("/js/"));
		assertThat(page.body()).doesNotContain("<img src=x").contains("&lt;img src=x onerror=alert(1)&gt;");
	}

	@Test
	void linkPage_loadsNothingFromOtherOrigins_andSendsTheStrictHeaders() {
		String fileId = upload(alice, "headers.txt", "h".getBytes());
		HttpResponse<String> page = server.client().get("/s/" + linkToken(alice, fileId, "{}"));
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
		assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
			.startsWith("default-src 'self'; script-src 'self'")
			.contains("object-src 'none'")
			.contains("frame-ancestors 'none'");
		assertThat(page.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
		Document html = WebClient.html(page);
		for (Element element : html.select("[src], [href], [action]")) {
			for (String attribute : List.of("src", "href", "action")) {
				String value = element.attr(attribute);
				assertThat(value).as(element.outerHtml())
					.satisfiesAnyOf((v) -> assertThat(v).isEmpty(),
							(v) -> assertThat(v).startsWith("/").doesNotStartWith("//"),
							// an in-page link (the skip link) loads nothing
							(v) -> assertThat(v).matches("#[A-Za-z][\\w-]*"));
			}
		}
		assertThat(page.body()).doesNotContain("http://").doesNotContain("https://");
		assertThat(html.select("style, [style]")).isEmpty();
		assertThat(html.select("script:not([src])")).isEmpty();
	}

	private static int used(String linkId) {
		return jdbc.sql("select used from links where id = ?").param(linkId).query(Integer.class).single();
	}

	private static List<String> auditActions(String linkId) {
		return jdbc.sql("select action from audit_events where target = ? order by id")
			.param("link:" + linkId)
			.query(String.class)
			.list();
	}

	private static String sha256Of(String fileId) {
		return json(alice.send(alice.apiRequest("/api/v1/files/" + fileId).GET().build())).get("sha256").asString();
	}

}
