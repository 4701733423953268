package dev.coffer.server.sharing.requests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.server.Sizes;
import dev.coffer.server.sharing.requests.RequestLinkClient.Created;
import dev.coffer.server.sharing.requests.RequestLinkClient.PausedPost;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;
import dev.coffer.testendpoints.ControllableClock;

import static dev.coffer.server.sharing.requests.RequestLinkClient.create;
import static dev.coffer.server.sharing.requests.RequestLinkClient.formAction;
import static dev.coffer.server.sharing.requests.RequestLinkClient.post;
import static dev.coffer.server.sharing.requests.RequestLinkClient.sender;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request links against the running server over HTTPS: an owner makes them, anonymous
 * senders use the public form, the owner sees what arrived. The server runs with a
 * minimum fill time of 3 s on a clock the tests move, so a "human" sender loads the form,
 * waits (the clock moves 4 s) and posts.
 */
class RequestLinksTest {

	static final String PASSWORD = "correct horse battery staple";

	static final int POSTS_PER_HOUR = 30;

	static TestServer server;

	static ControllableClock clock;

	static WebClient owner;

	static String ownerId;

	@BeforeAll
	static void start() {
		server = TestServer.startWith(new Class<?>[] { ControllableClock.class }, "coffer.requests.min-fill-time=3s",
				"coffer.requests.posts-per-hour=" + POSTS_PER_HOUR, "coffer.secret-links.password-guesses=5");
		clock = server.bean(ControllableClock.class);
		owner = server.client();
		owner.signUp("dropowner", PASSWORD);
		owner.login("dropowner", PASSWORD);
		ownerId = jdbc().sql("select id from users where username = 'dropowner'").query(String.class).single();
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	/** Each test starts outside the previous tests' throttle windows. */
	@BeforeEach
	void moveOnTwoHours() {
		clock.advance(Duration.ofHours(2));
	}

	@Test
	void anonymousSender_uploadsThroughTheForm_andOwnerSeesFileWithSenderDetails_andDownloadsSameBytes() {
		Created request = create(owner, "Holiday photos", 10, 10_000_000);
		byte[] photo = ("PLAINTEXT-MARKER-" + System.nanoTime() + " ").repeat(2000).getBytes(StandardCharsets.UTF_8);
		WebClient sender = server.client();

		HttpResponse<String> sent = send(sender, request.token(),
				sender("Alice Example", "alice@example.org", "Here they are.\r\nLine two,\tindented."),
				Map.of("beach.jpg", photo));

		assertThat(sent.statusCode()).isEqualTo(302);
		assertThat(sent.headers().firstValue("Location").orElseThrow()).endsWith("/r/" + request.token() + "/sent");
		HttpResponse<String> thanks = sender.get("/r/" + request.token() + "/sent");
		assertThat(thanks.statusCode()).isEqualTo(200);
		assertThat(WebClient.html(thanks).text()).contains("Thank you", "1 file received.");

		Element received = receivedRow(request);
		assertThat(received.select("a.file-name").text()).isEqualTo("beach (from Alice Example).jpg");
		assertThat(received.select(".sender-name").text()).isEqualTo("Alice Example");
		assertThat(received.select(".sender-email").text()).isEqualTo("alice@example.org");
		// Stored as typed, CR LF and tab included.
		assertThat(jdbc().sql("select message from received_files where request_id = ?")
			.param(request.id())
			.query(String.class)
			.single()).isEqualTo("Here they are.\r\nLine two,\tindented.");
		assertThat(received.select(".sender-message").first().wholeText().replace("\r\n", "\n"))
			.isEqualTo("Here they are.\nLine two,\tindented.");
		assertThat(received.select("td.request-title").text()).isEqualTo("Holiday photos");
		String fileId = received.select("a.file-name").attr("href").replace("/files/", "");
		assertThat(owner.get("/files/" + fileId).statusCode()).isEqualTo(200);

		HttpResponse<byte[]> download = owner
			.sendForBytes(owner.request("/api/v1/files/" + fileId + "/content").GET().build());
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.body()).isEqualTo(photo);
		assertThat(dataDirContains("PLAINTEXT-MARKER-")).as("plaintext on disk").isFalse();

		Document list = WebClient.html(owner.get("/requests"));
		assertThat(list.select("tr[data-request=" + request.id() + "] td.request-received").text())
			.startsWith("1 of 10 files");
		assertThat(auditActions()).contains("request.created");
		// The sender's e-mail is their word, not an account: it is in the details, and
		// the
		// actor (the column that names accounts) stays empty, as for any anonymous
		// visitor.
		assertThat(jdbc()
			.sql("select coalesce(actor, '-') || ' | ' || details from audit_events "
					+ "where action = 'request.upload' and target = ?")
			.param("file:" + fileId)
			.query(String.class)
			.list()).singleElement()
			.satisfies((entry) -> assertThat(entry).startsWith("- | request:" + request.id())
				.endsWith(" bytes, from Alice Example <alice@example.org>"));
	}

	@Test
	void aRequestLink_dropsIntoTheFolderItsOwnerChose_orTheTopFolderOnceThatIsGone() {
		String inbox = folder(owner, "Inbox");
		HttpResponse<String> othersFolder = folderResponse(server.signedUp("folder-neighbour", PASSWORD), "Not yours");
		String notYours = RequestLinkClient.field(othersFolder.body(), "id");
		HttpResponse<String> refused = owner.send(owner.apiRequest("/api/v1/requests")
			.header("Content-Type", "application/json")
			.POST(BodyPublishers
				.ofString("{\"title\":\"x\",\"maxFiles\":1,\"maxBytes\":100,\"folderId\":\"" + notYours + "\"}"))
			.build());
		assertThat(refused.statusCode()).isEqualTo(404);
		assertThat(jdbc().sql("select count(*) from file_requests where title = 'x'").query(Long.class).single())
			.isZero();

		Created request = create(owner, "{\"title\":\"Into the inbox\",\"maxFiles\":5,\"maxBytes\":1000000,"
				+ "\"folderId\":\"" + inbox + "\"}");
		assertThat(owner.get("/api/v1/requests/" + request.id()).body()).contains("\"folderId\":\"" + inbox + "\"");
		assertThat(send(server.client(), request.token(), sender("Dora", "dora@example.org", ""),
				Map.of("scan.pdf", "scan".getBytes(StandardCharsets.UTF_8)))
			.statusCode()).isEqualTo(302);
		assertThat(folderOf("scan (from Dora).pdf")).isEqualTo(inbox);

		// Deleted (into the trash) while the link is open: what arrives goes to the top.
		assertThat(owner.send(owner.apiRequest("/api/v1/folders/" + inbox).DELETE().build()).statusCode())
			.isEqualTo(204);
		clock.advance(Duration.ofHours(2));
		assertThat(send(server.client(), request.token(), sender("Dora", "dora@example.org", ""),
				Map.of("late.pdf", "late".getBytes(StandardCharsets.UTF_8)))
			.statusCode()).isEqualTo(302);
		assertThat(folderOf("late (from Dora).pdf")).isEqualTo(ownerId);
	}

	@Test
	void theRequestForm_offersTheOwnersFolders_byPath() {
		String parent = folder(owner, "Clients");
		String child = RequestLinkClient.field(
				owner
					.send(owner.apiRequest("/api/v1/folders")
						.header("Content-Type", "application/json")
						.POST(BodyPublishers.ofString("{\"name\":\"Acme\",\"parentId\":\"" + parent + "\"}"))
						.build())
					.body(),
				"id");
		Document page = WebClient.html(owner.get("/requests"));
		assertThat(page.select("#requestFolder option").eachText()).contains("My files (top folder)",
				"My files/Clients", "My files/Clients/Acme");

		HttpResponse<String> made = owner.submit("/requests", "/requests", Map.of("title", "Acme papers", "expiresIn",
				"7", "maxFiles", "3", "maxSizeMb", "10", "password", "", "folder", child));
		assertThat(made.statusCode()).isEqualTo(302);
		assertThat(jdbc().sql("select folder_id from file_requests where title = 'Acme papers'")
			.query(String.class)
			.single()).isEqualTo(child);
	}

	@Test
	void severalFiles_inOnePost_allArrive_andCountTogether() {
		Created request = create(owner, "Two at once", 5, 1_000_000);
		Map<String, byte[]> files = new LinkedHashMap<>();
		files.put("one.txt", "first".getBytes(StandardCharsets.UTF_8));
		files.put("two.txt", "second".getBytes(StandardCharsets.UTF_8));

		HttpResponse<String> sent = send(server.client(), request.token(), sender("Carol", "carol@example.org", ""),
				files);

		assertThat(sent.statusCode()).isEqualTo(302);
		assertThat(receivedNames(request.id())).containsExactlyInAnyOrder("one (from Carol).txt",
				"two (from Carol).txt");
		assertThat(counters(request.id())).containsExactly(2L, 11L);
	}

	@Test
	void receivedFile_withTheNameOfAnOwnersFile_getsAFreeName_andLeavesTheOwnersFilesAlone() {
		putOwnerFile("notes.txt", "mine");
		putOwnerFile("notes (from Bob).txt", "also mine");
		Created request = create(owner, "Notes", 5, 1_000_000);

		HttpResponse<String> sent = send(server.client(), request.token(), sender("Bob", "bob@example.org", ""),
				Map.of("notes.txt", "from bob".getBytes(StandardCharsets.UTF_8)));

		assertThat(sent.statusCode()).isEqualTo(302);
		assertThat(receivedNames(request.id())).containsExactly("notes (from Bob) 2.txt");
		assertThat(jdbc()
			.sql("select count(*) from file_versions v join files f on f.id = v.file_id "
					+ "where f.owner_id = ? and f.name in ('notes.txt', 'notes (from Bob).txt')")
			.param(ownerId)
			.query(Long.class)
			.single()).as("versions of the owner's own files").isEqualTo(2);
	}

	@Test
	void twoFilesOfOneNameInOnePost_getTheFirstFreeNamesInTurn() {
		putOwnerFile("scan (from Hal).pdf", "mine");
		Created request = create(owner, "Scans", 5, 1_000_000);
		Map<String, byte[]> files = new LinkedHashMap<>();
		files.put("scan.pdf", "page one".getBytes(StandardCharsets.UTF_8));
		files.put("folder/scan.pdf", "page two".getBytes(StandardCharsets.UTF_8));

		HttpResponse<String> sent = send(server.client(), request.token(), sender("Hal", "hal@example.org", ""), files);

		assertThat(sent.statusCode()).isEqualTo(302);
		assertThat(jdbc()
			.sql("select f.name, v.size from received_files r join files f on f.id = r.file_id "
					+ "join file_versions v on v.id = f.current_version_id where r.request_id = ?")
			.param(request.id())
			.query((rs, row) -> rs.getString(1) + " " + rs.getLong(2))
			.list()).containsExactlyInAnyOrder("scan (from Hal) 2.pdf 8", "scan (from Hal) 3.pdf 8");
	}

	@Test
	void postStillStreaming_showsTheOwnerNoneOfItsFiles_andAllAppearWithTheSenderWhenItCompletes() throws Exception {
		Created request = create(owner, "Slow sender", 5, 1_000_000);
		Map<String, byte[]> files = new LinkedHashMap<>();
		files.put("slow-first.txt", "the first file, complete".getBytes(StandardCharsets.UTF_8));
		files.put("slow-second.txt", "SECOND-FILE still on its way".getBytes(StandardCharsets.UTF_8));
		long filesBefore = ownerFileCount();
		Set<Path> blobsBefore = committedBlobs();
		WebClient sender = server.client();
		String action = formAction(sender, request.token());
		clock.advance(Duration.ofSeconds(4));

		PausedPost post = new PausedPost(sender, action, sender("Gil", "gil@example.org", "Both, slowly."), files,
				"SECOND-FILE".getBytes(StandardCharsets.UTF_8));
		try {
			awaitFirstFileStored(blobsBefore);
			assertThat(ownerFileCount()).as("the owner's files while the post streams").isEqualTo(filesBefore);
			HttpResponse<String> list = owner.send(owner.apiRequest("/api/v1/files").GET().build());
			assertThat(list.statusCode()).isEqualTo(200);
			assertThat(list.body()).doesNotContain("slow-first").doesNotContain("receiving ");
			assertThat(counters(request.id())).containsExactly(0L, 0L);
		}
		finally {
			post.release();
		}

		assertThat(post.response().statusCode()).isEqualTo(302);
		assertThat(owner.send(owner.apiRequest("/api/v1/files").GET().build()).body())
			.contains("slow-first (from Gil).txt", "slow-second (from Gil).txt");
		assertThat(jdbc()
			.sql("select f.name, r.sender_name, r.sender_email, r.message from received_files r "
					+ "join files f on f.id = r.file_id where r.request_id = ?")
			.param(request.id())
			.query((rs, row) -> String.join("|", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
			.list()).containsExactlyInAnyOrder("slow-first (from Gil).txt|Gil|gil@example.org|Both, slowly.",
					"slow-second (from Gil).txt|Gil|gil@example.org|Both, slowly.");
		assertThat(counters(request.id())).containsExactly(2L, 52L);
		assertThat(ownerFileCount()).isEqualTo(filesBefore + 2);
	}

	@Test
	void fileOfAPost_removedAsAnOrphanWhileTheRestStreamedOnForLong_is409_andNothingIsCreated() throws Exception {
		Created request = create(owner, "Very slow sender", 5, 1_000_000);
		Map<String, byte[]> files = new LinkedHashMap<>();
		files.put("swept-first.txt", "the first file, complete".getBytes(StandardCharsets.UTF_8));
		files.put("swept-second.txt", "SECOND-FILE still on its way".getBytes(StandardCharsets.UTF_8));
		long filesBefore = ownerFileCount();
		Set<Path> blobsBefore = committedBlobs();
		WebClient sender = server.client();
		String action = formAction(sender, request.token());
		clock.advance(Duration.ofSeconds(4));

		PausedPost post = new PausedPost(sender, action, sender("Ike", "ike@example.org", ""), files,
				"SECOND-FILE".getBytes(StandardCharsets.UTF_8));
		try {
			Path staged = awaitFirstFileStored(blobsBefore);
			// Past half the sweeper's grace period (1 h), the sweeper may have taken the
			// unreferenced first file for an orphan; here it did.
			clock.advance(Duration.ofMinutes(40));
			Files.delete(staged);
		}
		finally {
			post.release();
		}

		HttpResponse<String> response = post.response();
		assertThat(response.statusCode()).isEqualTo(409);
		assertThat(WebClient.html(response).select(".flash.error").text()).contains("took too long");
		assertThat(ownerFileCount()).isEqualTo(filesBefore);
		assertThat(counters(request.id())).containsExactly(0L, 0L);
		assertThat(committedBlobs()).as("the second file is removed too").isEqualTo(blobsBefore);
	}

	@Test
	void invalidSenderDetails_are400WithAClearMessage_andStoreNothing() {
		Created request = create(owner, "Validation", 10, 1_000_000);
		Map<Map<String, String>, String> cases = new LinkedHashMap<>();
		cases.put(sender("", "a@example.org", ""), "Enter your name, 1 to 100 characters.");
		cases.put(sender("x".repeat(101), "a@example.org", ""), "Enter your name, 1 to 100 characters.");
		cases.put(sender("Eve\u0007", "a@example.org", ""), "Your name cannot contain control characters.");
		cases.put(sender("Eve", "not-an-address", ""), "Enter your e-mail address");
		cases.put(sender("Eve", "a@" + "x".repeat(250) + ".org", ""), "Enter your e-mail address");
		cases.put(sender("Eve", "a@example.org", "m".repeat(2001)), "at most 2,000 characters");
		cases.put(sender("Eve", "a@example.org", "bell\u0007"), "cannot contain control characters");
		long filesBefore = ownerFileCount();
		WebClient sender = server.client();
		cases.forEach((fields, message) -> {
			HttpResponse<String> response = send(sender, request.token(), fields,
					Map.of("bad.txt", "x".getBytes(StandardCharsets.UTF_8)));
			assertThat(response.statusCode()).as(fields.toString()).isEqualTo(400);
			assertThat(WebClient.html(response).select(".flash.error").text()).as(fields.toString()).contains(message);
		});
		assertThat(ownerFileCount()).isEqualTo(filesBefore);
		assertThat(counters(request.id())).containsExactly(0L, 0L);
		assertThat(receivedNames(request.id())).isEmpty();
		assertThat(auditActions()).contains("request.rejected");
	}

	@Test
	void messageOfExactly2000Characters_andNameOf100_areAccepted() {
		Created request = create(owner, "Limits", 10, 1_000_000);
		HttpResponse<String> response = send(server.client(), request.token(),
				sender("n".repeat(100), "a@example.org", "m".repeat(2000)),
				Map.of("ok.txt", "ok".getBytes(StandardCharsets.UTF_8)));
		assertThat(response.statusCode()).isEqualTo(302);
	}

	@Test
	void filledHoneypot_isRefusedQuietly_andStoresNothing() {
		Created request = create(owner, "Honeypot", 10, 1_000_000);
		Map<String, String> fields = sender("Bot", "bot@example.org", "buy now");
		fields.put("website", "http://spam.example");
		long filesBefore = ownerFileCount();

		HttpResponse<String> response = send(server.client(), request.token(), fields,
				Map.of("spam.txt", "spam".getBytes(StandardCharsets.UTF_8)));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(WebClient.html(response).select(".flash.error").text())
			.contains("Please wait a moment and try again");
		assertThat(ownerFileCount()).isEqualTo(filesBefore);
		assertThat(counters(request.id())).containsExactly(0L, 0L);
	}

	@Test
	void postSoonerThanTheMinimumFillTime_isRefused_andTheSameFormLaterIsAccepted() {
		Created request = create(owner, "Too fast", 10, 1_000_000);
		WebClient sender = server.client();
		String action = formAction(sender, request.token());
		clock.advance(Duration.ofSeconds(1));

		HttpResponse<String> tooFast = post(sender, action, sender("Quick", "q@example.org", ""),
				Map.of("fast.txt", "fast".getBytes(StandardCharsets.UTF_8)));

		assertThat(tooFast.statusCode()).isEqualTo(400);
		assertThat(WebClient.html(tooFast).select(".flash.error").text()).contains("try again");
		assertThat(counters(request.id())).containsExactly(0L, 0L);

		clock.advance(Duration.ofSeconds(3));
		HttpResponse<String> later = post(sender, action, sender("Quick", "q@example.org", ""),
				Map.of("fast.txt", "fast".getBytes(StandardCharsets.UTF_8)));
		assertThat(later.statusCode()).isEqualTo(302);
	}

	@Test
	void postsFromOneAddress_overTheHourlyLimit_are429WithRetryAfter() {
		Created request = create(owner, "Rate limit", 10, 1_000_000);
		WebClient sender = server.client();
		String action = formAction(sender, request.token());
		for (int i = 0; i < POSTS_PER_HOUR; i++) {
			HttpResponse<String> allowed = sender.send(sender.request(action)
				.header("Content-Type", "text/plain")
				.POST(BodyPublishers.ofString("x"))
				.build());
			assertThat(allowed.statusCode()).as("post " + (i + 1)).isNotEqualTo(429);
		}

		HttpResponse<String> refused = send(sender, request.token(), sender("Late", "late@example.org", ""),
				Map.of("late.txt", "late".getBytes(StandardCharsets.UTF_8)));

		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isPositive();
		assertThat(counters(request.id())).containsExactly(0L, 0L);
	}

	@Test
	void moreFilesThanTheLinkAccepts_is413_storesNothing_andAFullLinkIs410() {
		Created request = create(owner, "One file", 1, 1_000_000);
		Map<String, byte[]> two = new LinkedHashMap<>();
		two.put("a.txt", "a".getBytes(StandardCharsets.UTF_8));
		two.put("b.txt", "b".getBytes(StandardCharsets.UTF_8));
		long filesBefore = ownerFileCount();

		HttpResponse<String> tooMany = send(server.client(), request.token(), sender("Dan", "dan@example.org", ""),
				two);

		assertThat(tooMany.statusCode()).isEqualTo(413);
		assertThat(ownerFileCount()).isEqualTo(filesBefore);
		assertThat(counters(request.id())).containsExactly(0L, 0L);

		HttpResponse<String> one = send(server.client(), request.token(), sender("Dan", "dan@example.org", ""),
				Map.of("a.txt", "a".getBytes(StandardCharsets.UTF_8)));
		assertThat(one.statusCode()).isEqualTo(302);
		assertThat(server.client().get("/r/" + request.token()).statusCode()).isEqualTo(410);
	}

	@Test
	void filesLargerThanTheLinkAccepts_are413_andStoreNothing() {
		Created request = create(owner, "Ten bytes", 10, 10);
		Map<String, byte[]> files = new LinkedHashMap<>();
		files.put("small.txt", "12345".getBytes(StandardCharsets.UTF_8));
		files.put("big.txt", "123456".getBytes(StandardCharsets.UTF_8));
		long filesBefore = ownerFileCount();
		long blobsBefore = blobObjectCount();

		HttpResponse<String> response = send(server.client(), request.token(), sender("Fay", "fay@example.org", ""),
				files);

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(blobObjectCount()).as("encrypted objects on disk").isEqualTo(blobsBefore);
		assertThat(WebClient.html(response).select(".flash.error").text())
			.contains("larger than this request link accepts");
		assertThat(ownerFileCount()).as("the first file is removed again").isEqualTo(filesBefore);
		assertThat(counters(request.id())).containsExactly(0L, 0L);
	}

	@Test
	void theSendersPage_statesTheSizeLimitRoundedDown_neverPromisingMoreThanIsAccepted() {
		Created request = create(owner, "A hundred thousand bytes", 10, 100_000);

		HttpResponse<String> page = server.client().get("/r/" + request.token());

		assertThat(page.statusCode()).isEqualTo(200);
		// 100,000 bytes are 97.66 KiB: "98 KiB" would promise 352 bytes the link refuses.
		assertThat(WebClient.html(page).select("main > p strong").eachText()).containsExactly("10", "97 KiB");
		assertThat(Sizes.formatAtMost(5_000_000)).isEqualTo("4.7 MiB");
		assertThat(Sizes.formatAtMost(10L * 1024 * 1024 * 1024)).isEqualTo("10 GiB");
		assertThat(Sizes.formatAtMost(1023)).isEqualTo("1023 bytes");
	}

	@Test
	void aFileNameTheFileRulesRefuse_is400_beforeAByteIsStored() {
		Created request = create(owner, "Bad names", 10, 1_000_000);
		Map<String, byte[]> files = new LinkedHashMap<>();
		files.put("fine.txt", "fine".getBytes(StandardCharsets.UTF_8));
		files.put("bell\u0007.txt", "rings".getBytes(StandardCharsets.UTF_8));
		long filesBefore = ownerFileCount();
		long blobsBefore = blobObjectCount();

		HttpResponse<String> response = send(server.client(), request.token(), sender("Gus", "gus@example.org", ""),
				files);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(WebClient.html(response).select(".flash.error").text()).contains("A file name is not accepted");
		assertThat(ownerFileCount()).isEqualTo(filesBefore);
		assertThat(blobObjectCount()).as("encrypted objects on disk").isEqualTo(blobsBefore);
		assertThat(counters(request.id())).containsExactly(0L, 0L);
	}

	@Test
	void expiredLink_is410_forThePageAndForPosts() {
		Created request = create(owner,
				"{\"title\":\"Expiring\",\"maxFiles\":5,\"maxBytes\":1000,\"expiresInDays\":1}");
		WebClient sender = server.client();
		String action = formAction(sender, request.token());
		clock.advance(Duration.ofDays(1));

		HttpResponse<String> page = sender.get("/r/" + request.token());
		assertThat(page.statusCode()).isEqualTo(410);
		// The same gone page as an expired public link's (web.WebExceptionHandler).
		assertThat(WebClient.html(page).selectFirst("h1").text()).isEqualTo("This request link does not accept files");
		assertThat(WebClient.html(page).select(".gone").text()).contains("expired");
		HttpResponse<String> posted = post(sender, action, sender("Gus", "gus@example.org", ""),
				Map.of("late.txt", "late".getBytes(StandardCharsets.UTF_8)));
		assertThat(posted.statusCode()).isEqualTo(410);
		assertThat(counters(request.id())).containsExactly(0L, 0L);
	}

	@Test
	void revokedLink_is410_forThePageAndForPosts() {
		Created request = create(owner, "Revoked", 5, 1000);
		WebClient sender = server.client();
		String action = formAction(sender, request.token());
		clock.advance(Duration.ofSeconds(4));

		HttpResponse<String> revoke = owner.send(owner.apiRequest("/api/v1/requests/" + request.id()).DELETE().build());
		assertThat(revoke.statusCode()).isEqualTo(204);

		assertThat(sender.get("/r/" + request.token()).statusCode()).isEqualTo(410);
		HttpResponse<String> posted = post(sender, action, sender("Hal", "hal@example.org", ""),
				Map.of("late.txt", "late".getBytes(StandardCharsets.UTF_8)));
		assertThat(posted.statusCode()).isEqualTo(410);
		assertThat(counters(request.id())).containsExactly(0L, 0L);
		assertThat(owner.get("/api/v1/requests/" + request.id(), "Accept", "application/json").body())
			.contains("\"status\":\"revoked\"");
		assertThat(auditActions()).contains("request.revoked");
	}

	@Test
	void unknownToken_is404() {
		WebClient sender = server.client();
		assertThat(sender.get("/r/" + "A".repeat(43)).statusCode()).isEqualTo(404);
		assertThat(sender.get("/r/short").statusCode()).isEqualTo(404);
	}

	@Test
	void passwordProtectedLink_asksForThePassword_refusesWrongOnes_andThrottlesGuesses() {
		Created request = create(owner,
				"{\"title\":\"Secret\",\"maxFiles\":5,\"maxBytes\":1000,\"password\":\"open sesame\"}");
		WebClient sender = server.client();
		HttpResponse<String> page = sender.get("/r/" + request.token());
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(WebClient.html(page).select("form#drop-form")).isEmpty();
		String unlock = "/r/" + request.token() + "/unlock";

		HttpResponse<String> wrong = sender.submit("/r/" + request.token(), unlock, Map.of("password", "guess"));
		assertThat(wrong.statusCode()).isEqualTo(403);
		HttpResponse<String> right = sender.submit("/r/" + request.token(), unlock, Map.of("password", "open sesame"));
		assertThat(right.statusCode()).isEqualTo(302);
		HttpResponse<String> sent = send(sender, request.token(), sender("Ida", "ida@example.org", ""),
				Map.of("secret.txt", "s".getBytes(StandardCharsets.UTF_8)));
		assertThat(sent.statusCode()).isEqualTo(302);

		// One wrong guess is counted already; four more fill the limit of five.
		WebClient guesser = server.client();
		for (int i = 0; i < 4; i++) {
			assertThat(guesser.submit("/r/" + request.token(), unlock, Map.of("password", "guess " + i)).statusCode())
				.isEqualTo(403);
		}
		HttpResponse<String> locked = guesser.submit("/r/" + request.token(), unlock,
				Map.of("password", "open sesame"));
		assertThat(locked.statusCode()).isEqualTo(429);
		assertThat(locked.headers().firstValue("Retry-After")).isPresent();
	}

	@Test
	void postToAPasswordProtectedLink_withoutThePassword_is403_andStoresNothing() {
		Created request = create(owner,
				"{\"title\":\"Locked\",\"maxFiles\":5,\"maxBytes\":1000,\"password\":\"open sesame\"}");
		WebClient sender = server.client();
		sender.get("/r/" + request.token());
		HttpResponse<String> posted = post(sender, "/r/" + request.token() + "?_csrf=" + csrfOf(sender, request),
				sender("Jo", "jo@example.org", ""), Map.of("x.txt", "x".getBytes(StandardCharsets.UTF_8)));
		assertThat(posted.statusCode()).isEqualTo(403);
		assertThat(counters(request.id())).containsExactly(0L, 0L);
	}

	@Test
	void markupInEveryField_isShownEscaped_onTheReceivedView_theRequestsPage_andThePublicPage() {
		String title = "<script>alert(1)</script>";
		Created request = create(owner, "{\"title\":\"<script>alert(1)</script>\",\"maxFiles\":5,\"maxBytes\":1000}");
		String email = "\"><img/src=x/onerror=alert(2)>@evil.example";
		HttpResponse<String> sent = send(server.client(), request.token(),
				sender("<script>alert(3)</script>", email,
						"<script>alert(4)</script>\n\"><img src=x onerror=alert(5)>"),
				Map.of("<img src=x onerror=alert(6)>.txt", "x".getBytes(StandardCharsets.UTF_8)));
		assertThat(sent.statusCode()).isEqualTo(302);

		for (String path : List.of("/requests/received", "/requests")) {
			HttpResponse<String> page = owner.get(path);
			assertNoMarkup(page, path);
			assertThat(page.body()).as(path).contains("&lt;script&gt;alert(");
		}
		Element received = receivedRow(request);
		assertThat(received.select(".sender-email").text()).isEqualTo(email);
		assertThat(received.select("td.request-title").text()).isEqualTo(title);
		assertThat(received.select("a.file-name").text())
			.isEqualTo("<img src=x onerror=alert(6)> (from -script-alert(3)--script-).txt");

		WebClient another = server.client();
		assertNoMarkup(another.get("/r/" + request.token()), "public page");
		HttpResponse<String> invalid = send(another, request.token(),
				sender("<script>alert(7)</script>", "bad", "<img src=x onerror=alert(8)>"),
				Map.of("x.txt", "x".getBytes(StandardCharsets.UTF_8)));
		assertThat(invalid.statusCode()).isEqualTo(400);
		assertNoMarkup(invalid, "public page with the typed values again");
		assertThat(WebClient.html(invalid).select("#senderName").attr("value")).isEqualTo("<script>alert(7)</script>");
	}

	@Test
	void aStranger_cannotSeeOrRevokeSomeoneElsesRequests_orWhatTheyReceived() {
		Created request = create(owner, "Private", 5, 1000);
		send(server.client(), request.token(), sender("Kim", "kim@example.org", ""),
				Map.of("k.txt", "k".getBytes(StandardCharsets.UTF_8)));
		WebClient stranger = server.client();
		stranger.signUp("stranger", PASSWORD);
		stranger.login("stranger", PASSWORD);

		assertThat(stranger.get("/api/v1/requests", "Accept", "application/json").body()).isEqualTo("[]");
		assertThat(stranger.get("/api/v1/received", "Accept", "application/json").body()).isEqualTo("[]");
		assertThat(stranger.get("/api/v1/requests/" + request.id(), "Accept", "application/json").statusCode())
			.isEqualTo(404);
		HttpResponse<String> apiRevoke = stranger
			.send(stranger.apiRequest("/api/v1/requests/" + request.id()).DELETE().build());
		assertThat(apiRevoke.statusCode()).isEqualTo(404);
		assertThat(apiRevoke.headers().firstValue("Content-Type").orElseThrow()).contains("application/problem+json");
		HttpResponse<String> pageRevoke = stranger.postForm("/requests/" + request.id() + "/revoke",
				Map.of("_csrf", stranger.csrfToken()));
		assertThat(pageRevoke.statusCode()).isEqualTo(404);
		assertThat(WebClient.html(stranger.get("/requests/received")).select("table.received")).isEmpty();
		assertThat(owner.get("/api/v1/requests/" + request.id(), "Accept", "application/json").body())
			.contains("\"status\":\"open\"");
	}

	@Test
	void ownerCreatesALinkWithTheForm_seesItOnce_andRevokesIt() {
		HttpResponse<String> created = owner.submit("/requests", "/requests",
				Map.of("title", "Form-made", "expiresIn", "7", "maxFiles", "3", "maxSizeMb", "5", "password", ""));
		assertThat(created.statusCode()).isEqualTo(302);
		Document page = WebClient.html(owner.get("/requests"));
		String url = page.select(".new-request input.copyable").attr("value");
		assertThat(url).matches("https://localhost:\\d+/r/[A-Za-z0-9_-]{43}");
		assertThat(page.select(".new-request button[data-copy-previous]")).hasSize(1);
		assertThat(WebClient.html(owner.get("/requests")).select(".new-request")).as("shown once").isEmpty();
		String token = url.substring(url.lastIndexOf('/') + 1);
		assertThat(server.client().get("/r/" + token).statusCode()).isEqualTo(200);

		HttpResponse<String> invalid = owner.submit("/requests", "/requests",
				Map.of("title", "t".repeat(201), "expiresIn", "7", "maxFiles", "3", "maxSizeMb", "5", "password", ""));
		assertThat(invalid.statusCode()).isEqualTo(400);
		assertThat(WebClient.html(invalid).select(".flash.error").text()).contains("1 to 200 characters");

		String id = jdbc().sql("select id from file_requests where title = 'Form-made'").query(String.class).single();
		HttpResponse<String> revoked = owner.submit("/requests", "/requests/" + id + "/revoke", Map.of());
		assertThat(revoked.statusCode()).isEqualTo(302);
		assertThat(server.client().get("/r/" + token).statusCode()).isEqualTo(410);
	}

	@Test
	void formCreate_withATotalSizeOutOfRange_saysTheLimitsInMiB_theFieldsUnit() {
		for (String mib : List.of("0", "1048577")) {
			HttpResponse<String> refused = owner.submit("/requests", "/requests",
					Map.of("title", "Too big", "expiresIn", "7", "maxFiles", "3", "maxSizeMb", mib, "password", ""));
			assertThat(refused.statusCode()).as(mib).isEqualTo(400);
			assertThat(WebClient.html(refused).select(".flash.error").text()).as(mib)
				.isEqualTo("A request link accepts between 1 MiB and 1 TiB (1,048,576 MiB) in all.");
		}
		assertThat(jdbc().sql("select count(*) from file_requests where title = 'Too big'").query(Long.class).single())
			.isZero();
	}

	@Test
	void apiCreate_withInvalidInput_is400Problem_andCreatesNothing() {
		long before = jdbc().sql("select count(*) from file_requests").query(Long.class).single();
		for (String json : List.of("{\"title\":\"" + "t".repeat(201) + "\",\"maxFiles\":1,\"maxBytes\":1}",
				"{\"title\":\"ok\",\"maxFiles\":0,\"maxBytes\":1}", "{\"title\":\"ok\",\"maxFiles\":1,\"maxBytes\":0}",
				"{\"title\":\"ok\",\"maxFiles\":1,\"maxBytes\":1,\"expiresInDays\":366}", "{\"title\":\"ok\"}")) {
			HttpResponse<String> response = owner.send(owner.apiRequest("/api/v1/requests")
				.header("Content-Type", "application/json")
				.POST(BodyPublishers.ofString(json))
				.build());
			assertThat(response.statusCode()).as(json).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type").orElseThrow()).as(json)
				.contains("application/problem+json");
		}
		assertThat(jdbc().sql("select count(*) from file_requests").query(Long.class).single()).isEqualTo(before);
		String list = owner.get("/api/v1/requests", "Accept", "application/json").body();
		assertThat(list).doesNotContain("\"token\":\"");
	}

	private static HttpResponse<String> send(WebClient sender, String token, Map<String, String> fields,
			Map<String, byte[]> files) {
		String action = formAction(sender, token);
		clock.advance(Duration.ofSeconds(4));
		return post(sender, action, fields, files);
	}

	/** The one row of the owner's Received view for a file from this request. */
	private static Element receivedRow(Created request) {
		Elements rows = WebClient.html(owner.get("/requests/received"))
			.select("table.received tbody tr[data-request=" + request.id() + "]");
		assertThat(rows).hasSize(1);
		return rows.first();
	}

	private static String csrfOf(WebClient sender, Created request) {
		return WebClient.html(sender.get("/r/" + request.token())).select("meta[name=csrf-token]").attr("content");
	}

	private static void assertNoMarkup(HttpResponse<String> page, String where) {
		Document html = WebClient.html(page);
		assertThat(html.select("script:not([src])")).as(where).isEmpty();
		assertThat(html.select("img[src=x]")).as(where).isEmpty();
		assertThat(html.select("[onerror]")).as(where).isEmpty();
	}

	private static void putOwnerFile(String name, String content) {
		HttpResponse<String> response = owner
			.send(owner.apiRequest("/api/v1/files?name=" + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8))
				.header("Content-Type", "application/octet-stream")
				.PUT(BodyPublishers.ofString(content))
				.build());
		assertThat(response.statusCode()).isEqualTo(201);
	}

	private static String folder(WebClient client, String name) {
		return RequestLinkClient.field(folderResponse(client, name).body(), "id");
	}

	private static HttpResponse<String> folderResponse(WebClient client, String name) {
		HttpResponse<String> made = client.send(client.apiRequest("/api/v1/folders")
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))
			.build());
		assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
		return made;
	}

	private static String folderOf(String fileName) {
		return jdbc().sql("select folder_id from files where owner_id = ? and name = ?")
			.params(ownerId, fileName)
			.query(String.class)
			.single();
	}

	private static List<String> receivedNames(String requestId) {
		return jdbc().sql("select f.name from received_files r join files f on f.id = r.file_id where r.request_id = ?")
			.param(requestId)
			.query(String.class)
			.list();
	}

	private static List<Long> counters(String requestId) {
		return jdbc().sql("select received_files, received_bytes from file_requests where id = ?")
			.param(requestId)
			.query((rs, row) -> List.of(rs.getLong(1), rs.getLong(2)))
			.single();
	}

	private static long ownerFileCount() {
		return jdbc().sql("select count(*) from files where owner_id = ?").param(ownerId).query(Long.class).single();
	}

	private static List<String> auditActions() {
		return jdbc().sql("select action from audit_events").query(String.class).list();
	}

	private static long blobObjectCount() {
		Path blobs = server.dataDir().resolve("blobs");
		if (!Files.isDirectory(blobs)) {
			return 0;
		}
		try (Stream<Path> paths = Files.walk(blobs)) {
			return paths.filter(Files::isRegularFile).count();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The encrypted objects in storage, writes in progress left out. */
	private static Set<Path> committedBlobs() {
		Path blobs = server.dataDir().resolve("blobs");
		if (!Files.isDirectory(blobs)) {
			return Set.of();
		}
		try (Stream<Path> paths = Files.walk(blobs)) {
			return paths.filter(Files::isRegularFile)
				.filter((path) -> !path.getFileName().toString().startsWith("."))
				.collect(Collectors.toSet());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Waits until the first file of a paused post is stored and the second one is being
	 * written (so the first one's storing is over), and returns the first one's object.
	 */
	private static Path awaitFirstFileStored(Set<Path> before) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (System.nanoTime() < deadline) {
			try {
				Set<Path> now = committedBlobs();
				now.removeAll(before);
				if (!now.isEmpty() && writesInProgress() > 0) {
					assertThat(now).hasSize(1);
					return now.iterator().next();
				}
			}
			catch (UncheckedIOException ex) {
				// a write was committed while the directory was listed: look again
			}
			Thread.sleep(20);
		}
		throw new AssertionError("The first file never reached storage");
	}

	private static long writesInProgress() {
		try (Stream<Path> paths = Files.walk(server.dataDir().resolve("blobs"))) {
			return paths.filter((path) -> path.getFileName().toString().startsWith(".tmp-")).count();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static boolean dataDirContains(String marker) {
		byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
		try (Stream<Path> paths = Files.walk(server.dataDir())) {
			return paths.filter(Files::isRegularFile).anyMatch((path) -> contains(read(path), needle));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static byte[] read(Path path) {
		try {
			return Files.readAllBytes(path);
		}
		catch (IOException ex) {
			return new byte[0]; // e.g. a temporary file removed meanwhile
		}
	}

	private static boolean contains(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i + needle.length <= haystack.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

	private static JdbcClient jdbc() {
		return server.bean(JdbcClient.class);
	}

}
