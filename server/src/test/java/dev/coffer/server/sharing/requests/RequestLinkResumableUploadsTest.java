package dev.coffer.server.sharing.requests;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.server.sharing.requests.RequestLinkClient.Created;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.Tus;
import dev.coffer.server.support.WebClient;
import dev.coffer.testendpoints.ControllableClock;

import static dev.coffer.server.sharing.requests.RequestLinkClient.create;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resumable uploads through a request link ({@code /r/{token}/uploads}, the tus protocol)
 * against the running server over HTTPS: a sender's browser session loads the form, waits
 * the minimum fill time (the tests move the clock) and sends a file in pieces; the same
 * checks as for a form post apply, and the upload is reachable through its own link only.
 */
class RequestLinkResumableUploadsTest {

	static final String PASSWORD = "correct horse battery staple";

	static TestServer server;

	static ControllableClock clock;

	static WebClient owner;

	static String ownerId;

	@BeforeAll
	static void start() {
		server = TestServer.startWith(new Class<?>[] { ControllableClock.class }, "coffer.requests.min-fill-time=3s",
				"coffer.requests.posts-per-hour=30");
		clock = server.bean(ControllableClock.class);
		owner = server.client();
		owner.signUp("tusdropowner", PASSWORD);
		owner.login("tusdropowner", PASSWORD);
		ownerId = jdbc().sql("select id from users where username = 'tusdropowner'").query(String.class).single();
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
	void senderSendsAFileInPieces_itArrivesAsAReceivedFileWithTheSender_andTheLinkCountsIt() {
		Created request = create(owner, "Scans", 5, 10_000_000);
		byte[] content = random(3_000_000);
		Sender sender = Sender.opened(request.token());

		String upload = sender.create(content.length, "scan.pdf", "Ada Lovelace", "ada@example.org", "Three pages.");
		assertThat(sender.head(upload).headers().firstValue("Upload-Offset")).contains("0");
		assertThat(sender.head(upload).headers().firstValue("Upload-Metadata"))
			.contains("filename " + Tus.base64("scan.pdf"));
		HttpResponse<String> first = sender.patch(upload, 0, Arrays.copyOfRange(content, 0, 1_000_000));
		assertThat(first.statusCode()).as(first.body()).isEqualTo(204);
		assertThat(first.headers().firstValue("Coffer-File-Id")).isEmpty();
		assertThat(receivedNames(request.id())).as("nothing arrives before the last byte").isEmpty();
		sender.patch(upload, 1_000_000, Arrays.copyOfRange(content, 1_000_000, 2_000_000));
		HttpResponse<String> last = sender.patch(upload, 2_000_000, Arrays.copyOfRange(content, 2_000_000, 3_000_000));

		assertThat(last.statusCode()).as(last.body()).isEqualTo(204);
		String fileId = last.headers().firstValue("Coffer-File-Id").orElseThrow();
		assertThat(receivedNames(request.id())).containsExactly("scan (from Ada Lovelace).pdf");
		assertThat(jdbc().sql("select sender_name, sender_email, message from received_files where file_id = ?")
			.param(fileId)
			.query((rs, row) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3)))
			.single()).containsExactly("Ada Lovelace", "ada@example.org", "Three pages.");
		assertThat(counters(request.id())).containsExactly(1L, 3_000_000L);
		HttpResponse<byte[]> download = owner
			.sendForBytes(owner.request("/api/v1/files/" + fileId + "/content").GET().build());
		assertThat(download.body()).isEqualTo(content);
		assertThat(uploadsOf(request.id())).isZero();
		assertThat(jdbc().sql("select count(*) from request_upload_senders where upload_id = ?")
			.param(upload)
			.query(Long.class)
			.single()).as("the sender goes with the upload").isZero();
		assertThat(sender.head(upload).statusCode()).as("gone once it is a file").isEqualTo(404);
	}

	@Test
	void theSendersFields_areCheckedBeforeAnythingIsRecorded() {
		Created request = create(owner, "Checked", 5, 10_000);
		Sender sender = Sender.opened(request.token());

		HttpResponse<String> noName = sender.createResponse(10, "a.txt", "", "x@example.org", "", "");
		assertThat(noName.statusCode()).isEqualTo(400);
		assertThat(noName.body()).contains("Enter your name");
		HttpResponse<String> badMail = sender.createResponse(10, "a.txt", "Xavier", "not-an-address", "", "");
		assertThat(badMail.statusCode()).isEqualTo(400);
		assertThat(badMail.body()).contains("e-mail address");
		HttpResponse<String> badName = sender.createResponse(10, "bell\u0007.txt", "Xavier", "x@example.org", "", "");
		assertThat(badName.statusCode()).isEqualTo(400);
		assertThat(badName.body()).contains("A file name is not accepted");
		HttpResponse<String> bot = sender.createResponse(10, "a.txt", "Xavier", "x@example.org", "", "http://spam");
		assertThat(bot.statusCode()).isEqualTo(400);
		assertThat(bot.body()).contains(DropBox.SuspectedBotException.MESSAGE);

		assertThat(uploadsOf(request.id())).isZero();
		assertThat(auditCount("request.rejected")).isGreaterThanOrEqualTo(4);
	}

	@Test
	void startingSoonerThanTheMinimumFillTime_orWithoutTheFormShown_isRefused() {
		Created request = create(owner, "Too fast", 5, 10_000);
		WebClient browser = server.client();
		Sender tooFast = new Sender(browser, request.token(), Sender.csrfOf(browser, request.token()));

		HttpResponse<String> refused = tooFast.createResponse(10, "a.txt", "Yan", "yan@example.org", "", "");
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains(DropBox.SuspectedBotException.MESSAGE);
		clock.advance(Duration.ofSeconds(4));
		assertThat(tooFast.createResponse(10, "a.txt", "Yan", "yan@example.org", "", "").statusCode()).isEqualTo(201);
	}

	@Test
	void theLinksRoom_countsTheUploadsOnTheirWay_413() {
		Created request = create(owner, "Two small", 2, 1_000);
		Sender sender = Sender.opened(request.token());

		assertThat(sender.createResponse(1_001, "big.bin", "Zoe", "zoe@example.org", "", "").statusCode())
			.isEqualTo(413);
		sender.create(600, "a.bin", "Zoe", "zoe@example.org", "");
		HttpResponse<String> overBytes = sender.createResponse(500, "b.bin", "Zoe", "zoe@example.org", "", "");
		assertThat(overBytes.statusCode()).isEqualTo(413);
		assertThat(overBytes.body()).contains("larger than this request link accepts");
		sender.create(400, "b.bin", "Zoe", "zoe@example.org", "");
		HttpResponse<String> overFiles = sender.createResponse(0, "c.bin", "Zoe", "zoe@example.org", "", "");
		assertThat(overFiles.statusCode()).isEqualTo(413);
		assertThat(overFiles.body()).contains("2 more files at most");
	}

	@Test
	void anUpload_isReachableThroughItsOwnLinkOnly() {
		Created mine = create(owner, "Mine", 5, 10_000);
		Created other = create(owner, "Other", 5, 10_000);
		Sender sender = Sender.opened(mine.token());
		String upload = sender.create(10, "a.txt", "Bob", "bob@example.org", "");

		Sender elsewhere = Sender.opened(other.token());
		assertThat(elsewhere.head(upload).statusCode()).isEqualTo(404);
		assertThat(elsewhere.patch(upload, 0, new byte[10]).statusCode()).isEqualTo(404);
		assertThat(elsewhere.delete(upload).statusCode()).isEqualTo(404);
		// Not the owner's either: a sender's upload is not the link owner's to go on
		// with.
		HttpResponse<String> asOwner = owner
			.send(Tus.request(owner, "/api/v1/uploads/" + upload).method("HEAD", BodyPublishers.noBody()).build());
		assertThat(asOwner.statusCode()).isEqualTo(404);
		assertThat(sender.head(upload).statusCode()).isEqualTo(200);
	}

	@Test
	void withoutTheSessionsCsrfToken_nothingStarts() {
		Created request = create(owner, "CSRF", 5, 10_000);
		Sender sender = Sender.opened(request.token());
		HttpResponse<String> forged = sender.browser.send(sender.browser.request("/r/" + request.token() + "/uploads")
			.header("Tus-Resumable", "1.0.0")
			.header("Upload-Length", "10")
			.header("Upload-Metadata", metadata("a.txt", "Eve", "eve@example.org", "", ""))
			.POST(BodyPublishers.noBody())
			.build());
		assertThat(forged.statusCode()).isEqualTo(403);
		assertThat(uploadsOf(request.id())).isZero();
	}

	@Test
	void aPasswordProtectedLink_takesUploadsOnlyOnceUnlocked() {
		Created request = create(owner,
				"{\"title\":\"Locked\",\"maxFiles\":5,\"maxBytes\":10000,\"password\":\"open sesame 42\"}");
		WebClient browser = server.client();
		Sender locked = new Sender(browser, request.token(), Sender.csrfOf(browser, request.token()));
		HttpResponse<String> refused = locked.createResponse(10, "a.txt", "Kim", "kim@example.org", "", "");
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("password");

		HttpResponse<String> right = browser.submit("/r/" + request.token(), "/r/" + request.token() + "/unlock",
				Map.of("password", "open sesame 42"));
		assertThat(right.statusCode()).isEqualTo(302);
		Sender unlocked = Sender.opened(browser, request.token());
		assertThat(unlocked.createResponse(10, "a.txt", "Kim", "kim@example.org", "", "").statusCode()).isEqualTo(201);
	}

	@Test
	void aLinkRevokedMidUpload_refusesTheNextPiece_410_andTheSenderCanStillCancel() {
		Created request = create(owner, "Withdrawn", 5, 10_000);
		Sender sender = Sender.opened(request.token());
		String upload = sender.create(20, "a.txt", "Lou", "lou@example.org", "");
		assertThat(sender.patch(upload, 0, new byte[10]).statusCode()).isEqualTo(204);

		owner.send(owner.apiRequest("/api/v1/requests/" + request.id()).DELETE().build());

		assertThat(sender.patch(upload, 10, new byte[10]).statusCode()).isEqualTo(410);
		assertThat(sender.delete(upload).statusCode()).isEqualTo(204);
		assertThat(uploadsOf(request.id())).isZero();
		assertThat(counters(request.id())).containsExactly(0L, 0L);
	}

	@Test
	void aLinkFilledByAPostMeanwhile_refusesTheCompletion_413_andKeepsNothingOfIt() {
		Created request = create(owner, "Filled meanwhile", 5, 100);
		Sender sender = Sender.opened(request.token());
		String upload = sender.create(60, "late.txt", "Mia", "mia@example.org", "");
		long filesBefore = ownerFileCount();
		WebClient poster = server.client();
		String action = RequestLinkClient.formAction(poster, request.token());
		clock.advance(Duration.ofSeconds(4));
		HttpResponse<String> posted = RequestLinkClient.post(poster, action,
				RequestLinkClient.sender("Ned", "ned@example.org", ""), Map.of("first.txt", new byte[50]));
		assertThat(posted.statusCode()).as("a post is not held back by uploads on their way").isEqualTo(302);

		HttpResponse<String> last = sender.patch(upload, 0, new byte[60]);

		assertThat(last.statusCode()).isEqualTo(413);
		assertThat(last.body()).contains("no longer has room");
		assertThat(ownerFileCount()).isEqualTo(filesBefore + 1);
		assertThat(uploadsOf(request.id())).isZero();
		assertThat(counters(request.id())).containsExactly(1L, 50L);
	}

	@Test
	void anEmptyFile_arrivesAsSoonAsItsUploadStarts() {
		Created request = create(owner, "Empty", 5, 10_000);
		Sender sender = Sender.opened(request.token());

		HttpResponse<String> created = sender.createResponse(0, "empty.txt", "Ola", "ola@example.org", "", "");

		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(created.headers().firstValue("Coffer-File-Id")).isPresent();
		assertThat(receivedNames(request.id())).containsExactly("empty (from Ola).txt");
	}

	/** A sender's browser session on the drop page of one link. */
	record Sender(WebClient browser, String token, String csrf) {

		/** A new browser that loaded the form long enough ago. */
		static Sender opened(String token) {
			return opened(server.client(), token);
		}

		static Sender opened(WebClient browser, String token) {
			Sender sender = new Sender(browser, token, csrfOf(browser, token));
			clock.advance(Duration.ofSeconds(4));
			return sender;
		}

		/** Loads the page (which starts the fill time) and reads its CSRF token. */
		static String csrfOf(WebClient browser, String token) {
			HttpResponse<String> page = browser.get("/r/" + token);
			Element meta = WebClient.html(page).selectFirst("meta[name=csrf-token]");
			assertThat(meta).as(page.body()).isNotNull();
			return meta.attr("content");
		}

		HttpRequest.Builder request(String path) {
			return this.browser.request("/r/" + this.token + "/uploads" + path)
				.header("Tus-Resumable", "1.0.0")
				.header("Accept", "application/json")
				.header("X-CSRF-TOKEN", this.csrf);
		}

		HttpResponse<String> createResponse(long length, String name, String senderName, String email, String message,
				String honeypot) {
			return this.browser.send(request("").header("Upload-Length", Long.toString(length))
				.header("Upload-Metadata", metadata(name, senderName, email, message, honeypot))
				.POST(BodyPublishers.noBody())
				.build());
		}

		String create(long length, String name, String senderName, String email, String message) {
			HttpResponse<String> created = createResponse(length, name, senderName, email, message, "");
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			String location = created.headers().firstValue("Location").orElseThrow();
			String prefix = "/r/" + this.token + "/uploads/";
			assertThat(location).startsWith(prefix);
			return location.substring(prefix.length());
		}

		HttpResponse<String> patch(String upload, long offset, byte[] piece) {
			return this.browser.send(request("/" + upload).header("Upload-Offset", Long.toString(offset))
				.header("Content-Type", "application/offset+octet-stream")
				.method("PATCH", BodyPublishers.ofByteArray(piece))
				.build());
		}

		HttpResponse<String> head(String upload) {
			return this.browser.send(request("/" + upload).method("HEAD", BodyPublishers.noBody()).build());
		}

		HttpResponse<String> delete(String upload) {
			return this.browser.send(request("/" + upload).DELETE().build());
		}

	}

	static String metadata(String name, String senderName, String email, String message, String honeypot) {
		return "filename " + Tus.base64(name) + ",senderName " + Tus.base64(senderName) + ",senderEmail "
				+ Tus.base64(email) + ",senderMessage " + Tus.base64(message) + ",website " + Tus.base64(honeypot);
	}

	private static byte[] random(int size) {
		byte[] bytes = new byte[size];
		new Random(size).nextBytes(bytes);
		return bytes;
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

	private static long uploadsOf(String requestId) {
		return jdbc().sql("select count(*) from resumable_uploads where request_id = ?")
			.param(requestId)
			.query(Long.class)
			.single();
	}

	private static long auditCount(String action) {
		return jdbc().sql("select count(*) from audit_events where action = ?")
			.param(action)
			.query(Long.class)
			.single();
	}

	private static JdbcClient jdbc() {
		return server.bean(JdbcClient.class);
	}

}
