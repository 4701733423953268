package dev.coffer.server.audit;

import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.nodes.Document;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.SecurityEvent;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the audit log records for real requests over HTTPS, and what admins and users see
 * of it.
 */
class AuditEventsTest {

	static final String PASSWORD = "correct horse battery staple";

	static TestServer server;

	static WebClient admin;

	static WebClient alice;

	static WebClient bob;

	@BeforeAll
	static void start() {
		// Deletes are final at once, so the log has "file.deleted" right after one.
		server = TestServer.start("coffer.files.trash-retention=0");
		admin = signedIn("root"); // the first account: administrator
		alice = signedIn("alice");
		bob = signedIn("bob");
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	static WebClient signedIn(String username) {
		WebClient client = server.client();
		client.signUp(username, PASSWORD);
		client.login(username, PASSWORD);
		return client;
	}

	static List<AuditEntry> entries(String actor, String action) {
		return server.bean(AuditLog.class).find(new AuditFilter(actor, action, null, null), 1000);
	}

	@Test
	void logins_succeededAndFailed_areRecordedWithActorAddressAndOutcome() {
		WebClient client = server.client();
		client.login("alice", "not the password at all");
		client.login("alice", PASSWORD);

		AuditEntry failed = entries("alice", "login.failed").get(0);
		assertThat(failed.outcome()).isEqualTo("FAILURE");
		assertThat(failed.clientAddress()).isEqualTo("127.0.0.1");
		assertThat(failed.details()).isEqualTo("BadCredentialsException");
		AuditEntry succeeded = entries("alice", "login.succeeded").get(0);
		assertThat(succeeded.outcome()).isEqualTo("SUCCESS");
		assertThat(succeeded.clientAddress()).isEqualTo("127.0.0.1");
		assertThat(succeeded.id()).isGreaterThan(failed.id());
	}

	@Test
	void failedLogin_ofAnUnknownUser_isRecorded_andAnsweredLikeAWrongPassword() {
		HttpResponse<String> unknown = server.client().login("nobody-here", "not the password at all");
		HttpResponse<String> wrong = server.client().login("bob", "not the password at all");

		assertThat(unknown.statusCode()).isEqualTo(wrong.statusCode());
		assertThat(unknown.headers().firstValue("Location")).isEqualTo(wrong.headers().firstValue("Location"));
		assertThat(entries("nobody-here", "login.failed")).singleElement()
			.satisfies((entry) -> assertThat(entry.outcome()).isEqualTo("FAILURE"));
	}

	@Test
	void anAccountChange_outsideARequest_isRecordedAsAnOperatorCommand() {
		server.bean(dev.coffer.server.account.AccountService.class).setQuota("bob", 5_000_000L);
		assertThat(entries(null, "quota.set")).filteredOn((entry) -> "user:bob".equals(entry.target()))
			.singleElement()
			.satisfies((entry) -> {
				assertThat(entry.actor()).isNull();
				assertThat(entry.clientAddress()).isNull();
				assertThat(entry.details()).isEqualTo("operator command, 5000000 bytes");
			});
	}

	@Test
	void aRefusedApiToken_isNeverWrittenToTheLog() {
		String token = "coffer_pat_" + "A".repeat(43);
		HttpResponse<String> refused = server.client()
			.send(server.client()
				.request("/api/v1/files")
				.header("Authorization", "Bearer " + token)
				.header("Accept", "application/json")
				.build());
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(admin.get("/admin/audit.json").body()).contains("\"seq\":").doesNotContain(token);
	}

	@Test
	void upload_download_delete_areRecordedWithTheFileAsTarget() {
		String id = idOf(put(alice, "audited.txt", "hello audit"));
		HttpResponse<byte[]> ranged = alice
			.sendForBytes(alice.apiRequest("/api/v1/files/" + id + "/content").header("Range", "bytes=0-4").build());
		assertThat(ranged.statusCode()).isEqualTo(206);
		assertThat(alice.send(alice.apiRequest("/api/v1/files/" + id).DELETE().build()).statusCode()).isEqualTo(204);

		String target = "file:" + id;
		List<AuditEntry> forFile = entries("alice", null).stream()
			.filter((entry) -> target.equals(entry.target()))
			.toList();
		assertThat(forFile).extracting(AuditEntry::action)
			.containsExactly("file.deleted", "file.downloaded", "file.uploaded");
		assertThat(forFile).allSatisfy((entry) -> {
			assertThat(entry.clientAddress()).isEqualTo("127.0.0.1");
			assertThat(entry.outcome()).isEqualTo("SUCCESS");
		});
		assertThat(forFile.get(1).details()).isEqualTo("version 1, bytes 0-4");
	}

	@Test
	void aChangesEntry_isWrittenInTheChangesTransaction_undoneWithIt_committedWithIt() {
		TransactionTemplate transaction = new TransactionTemplate(server.bean(PlatformTransactionManager.class));
		String action = "test.change_" + UUID.randomUUID().toString().substring(0, 8);
		SecurityEvent change = new SecurityEvent(action, "alice", null, "file:x", SecurityEvent.Outcome.SUCCESS, null);

		transaction.executeWithoutResult((status) -> {
			server.publishEvent(new SecurityEvent.Committing(change));
			status.setRollbackOnly();
		});
		assertThat(entries("alice", action)).isEmpty();

		transaction.executeWithoutResult((status) -> server.publishEvent(new SecurityEvent.Committing(change)));
		assertThat(entries("alice", action)).singleElement()
			.satisfies((entry) -> assertThat(entry.target()).isEqualTo("file:x"));

		// Outside a transaction there is no change to record it with.
		assertThatThrownBy(() -> server.publishEvent(new SecurityEvent.Committing(change)))
			.isInstanceOf(IllegalTransactionStateException.class);
		assertThat(entries("alice", action)).hasSize(1);
	}

	@Test
	void someoneElsesFile_isA404LikeAMissingOne_butRecordedAsAccessDenied() {
		String id = idOf(put(alice, "private.txt", "mine"));
		String missing = UUID.randomUUID().toString();

		HttpResponse<String> theirs = bob.send(bob.apiRequest("/api/v1/files/" + id).GET().build());
		HttpResponse<String> none = bob.send(bob.apiRequest("/api/v1/files/" + missing).GET().build());

		assertThat(theirs.statusCode()).isEqualTo(404);
		assertThat(none.statusCode()).isEqualTo(404);
		assertThat(theirs.body().replaceAll("\"instance\":\"[^\"]*\"", ""))
			.isEqualTo(none.body().replaceAll("\"instance\":\"[^\"]*\"", ""));
		assertThat(entries("bob", "access.denied")).extracting(AuditEntry::target).contains("file:" + id);
		assertThat(entries("bob", "file.not_found")).extracting(AuditEntry::target).contains("file:" + missing);
	}

	@Test
	void accountPage_showsTheUsersOwnEventsOnly() {
		WebClient carol = signedIn("carol");
		put(carol, "carols-file.txt", "c");
		put(alice, "alices-secret-name.txt", "a");

		Document page = WebClient.html(carol.get("/account"));
		String events = page.select("#security-events").text();
		assertThat(events).contains("Account carol created").contains("carol uploaded “carols-file.txt”");
		assertThat(events).doesNotContain("alices-secret-name.txt");
	}

	@Test
	void adminAuditPage_isA404ForOthers() {
		assertThat(alice.get("/admin/audit").statusCode()).isEqualTo(404);
		assertThat(alice.get("/admin/audit.csv").statusCode()).isEqualTo(404);
		assertThat(alice.get("/admin/audit.json").statusCode()).isEqualTo(404);
		assertThat(WebClient.html(alice.get("/files")).select("a[href=/admin/audit]")).isEmpty();
		assertThat(WebClient.html(admin.get("/files")).select(".site-nav a[href=/admin/audit]")).hasSize(1);
		assertThat(entries("alice", "access.denied")).extracting(AuditEntry::target).contains("path:/admin/audit");
	}

	@Test
	void adminAuditPage_filtersByUserActionAndDates() {
		put(bob, "bob-filter.txt", "b");
		Document byBob = WebClient.html(admin.get("/admin/audit?user=bob&action=file.uploaded"));
		assertThat(byBob.select("td.audit-actor").eachText()).isNotEmpty().allMatch("bob"::equals);
		assertThat(byBob.select("code.audit-action").eachText()).allMatch("file.uploaded"::equals);
		assertThat(byBob.select(".audit-sentence").text()).contains("bob uploaded “bob-filter.txt”");

		Document prefix = WebClient.html(admin.get("/admin/audit?action=login."));
		assertThat(prefix.select("code.audit-action").eachText()).isNotEmpty().allMatch((a) -> a.startsWith("login."));

		Document past = WebClient.html(admin.get("/admin/audit?from=2001-01-01&to=2001-01-31"));
		assertThat(past.select("code.audit-action")).isEmpty();
		Document today = WebClient
			.html(admin.get("/admin/audit?user=bob&from=" + java.time.LocalDate.now(java.time.ZoneOffset.UTC) + "&to="
					+ java.time.LocalDate.now(java.time.ZoneOffset.UTC)));
		assertThat(today.select("code.audit-action")).isNotEmpty();

		assertThat(admin.get("/admin/audit?from=yesterday").statusCode()).isEqualTo(400);
		assertThat(WebClient.html(admin.get("/admin/audit?before=1")).select("p.muted").text())
			.isEqualTo("No entries match.");
		assertThat(admin.get("/admin/audit?before=two").statusCode()).isEqualTo(400);
	}

	@Test
	void xssInAFileNameOrATypedUsername_isEscapedOnTheAuditPage() {
		String name = "<svg onload=alert(1)><b onmouseover=alert(2)>x.txt";
		put(bob, name, "x");
		server.client().login("<script>alert(3)</script>", "not the password at all");

		HttpResponse<String> uploads = admin.get("/admin/audit?user=bob&action=file.uploaded");
		assertThat(uploads.body()).doesNotContain("<svg onload")
			.doesNotContain("<b onmouseover")
			.contains("&lt;svg onload=alert(1)&gt;");
		assertThat(WebClient.html(uploads).select(".audit-sentence").text()).contains(name);
		HttpResponse<String> logins = admin.get("/admin/audit?action=login.failed");
		assertThat(logins.body()).doesNotContain("<script>alert(3)").contains("&lt;script&gt;alert(3)&lt;/script&gt;");
	}

	@Test
	void exports_holdTheFilteredRows_andCsvNeutralisesFormulas() {
		WebClient mallory = signedIn("mallory");
		put(mallory, "=cmd|' -C calc'!A0", "payload");
		put(mallory, "plain, \"quoted\".txt", "p");

		HttpResponse<String> csv = admin.get("/admin/audit.csv?user=mallory&action=file.uploaded");
		assertThat(csv.statusCode()).isEqualTo(200);
		assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
		assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment");
		List<String> lines = csv.body().lines().toList();
		assertThat(lines.get(0)).isEqualTo("id,seq,time,actor,client_address,action,target,outcome,details,hash");
		assertThat(lines).hasSize(3);
		assertThat(csv.body()).contains(",\"'=cmd|' -C calc'!A0, 7 bytes\",")
			.contains(",\"plain, \"\"quoted\"\".txt, 1 bytes\",")
			.doesNotContain(",=cmd");
		assertThat(csv.body()).contains("\r\n");
		assertThat(List.of("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "ok")).extracting(CsvCells::cell)
			.containsExactly("'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "ok");

		HttpResponse<String> json = admin.get("/admin/audit.json?user=mallory");
		assertThat(json.statusCode()).isEqualTo(200);
		assertThat(json.body()).startsWith("[")
			.endsWith("]")
			.contains("\"actor\":\"mallory\"")
			.contains("\"action\":\"account.created\"")
			.doesNotContain("\"actor\":\"alice\"");
		// account.created, login.succeeded and the two uploads
		assertThat(count(json.body(), "\"id\":")).isEqualTo(4);
	}

	@Test
	void aBurstOf404sOnFileIds_raisesOneIntrusionSignal_shownToAdmins() {
		WebClient eve = signedIn("eve");
		for (int i = 0; i <= IntrusionSignals.PROBE_THRESHOLD + 3; i++) {
			assertThat(eve.send(eve.apiRequest("/api/v1/files/" + UUID.randomUUID()).GET().build()).statusCode())
				.isEqualTo(404);
		}
		List<AuditEntry> signals = server.bean(AuditLog.class)
			.find(new AuditFilter(null, AuditLog.INTRUSION_SUSPECTED, null, null), 100)
			.stream()
			.filter((entry) -> "user:eve".equals(entry.target()))
			.toList();
		assertThat(signals).singleElement()
			.satisfies((signal) -> assertThat(signal.details()).startsWith("possible enumeration"));

		Document page = WebClient.html(admin.get("/admin/audit"));
		assertThat(page.select("p.flash.error").text()).contains("intrusion signal");
		assertThat(page.select("tr.alarm .audit-sentence").eachText())
			.contains("Intrusion suspected from the account eve");
	}

	@Test
	void integrityFailure_isRecorded_andRaisesAnIntrusionSignal() throws Exception {
		String id = idOf(put(alice, "to-be-tampered.txt", "x".repeat(5000)));
		java.nio.file.Path object;
		try (var files = java.nio.file.Files.walk(server.dataDir().resolve("blobs"))) {
			object = files.filter(java.nio.file.Files::isRegularFile)
				.max(java.util.Comparator.comparing((path) -> path.toFile().lastModified()))
				.orElseThrow();
		}
		byte[] bytes = java.nio.file.Files.readAllBytes(object);
		bytes[bytes.length / 2] ^= 0x01;
		java.nio.file.Files.write(object, bytes);
		try {
			HttpResponse<byte[]> response = alice
				.sendForBytes(alice.apiRequest("/api/v1/files/" + id + "/content").GET().build());
			assertThat(response.statusCode()).isNotEqualTo(200);
		}
		catch (java.io.UncheckedIOException aborted) {
			// the download was cut off: what must happen once bytes were sent
		}
		assertThat(entries("alice", "blob.integrity_failure")).extracting(AuditEntry::target).contains("file:" + id);
		assertThat(entries(null, AuditLog.INTRUSION_SUSPECTED)).extracting(AuditEntry::target).contains("file:" + id);
	}

	@Test
	void logLines_cannotBeForgedWithLineBreaksInUserInput() {
		server.client().login("x\r\n2026-01-01 INFO forged line", "not the password at all");
		assertThat(entries(null, "login.failed")).extracting(AuditEntry::actor)
			.contains("x\uFFFD\uFFFD2026-01-01 info forged line");

		var context = (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
		var appender = (ch.qos.logback.core.OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent>) context
			.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
			.getAppender("CONSOLE");
		var event = new ch.qos.logback.classic.spi.LoggingEvent("test", context.getLogger("test"),
				ch.qos.logback.classic.Level.WARN, "user {} signed in", null,
				new Object[] { "eve\r\n2026-01-01T00:00:00Z  INFO forged\u001b[31m" });
		String line = new String(appender.getEncoder().encode(event), StandardCharsets.UTF_8);
		assertThat(line)
			.endsWith("user eve__2026-01-01T00:00:00Z  INFO forged_[31m signed in" + System.lineSeparator());
		assertThat(line.strip().lines()).hasSize(1);
	}

	private static int count(String text, String part) {
		Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
		int count = 0;
		while (matcher.find()) {
			count++;
		}
		return count;
	}

	static HttpResponse<String> put(WebClient client, String name, String content) {
		HttpResponse<String> response = client
			.send(client.apiRequest("/api/v1/files?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8))
				.header("Content-Type", "application/octet-stream")
				.PUT(BodyPublishers.ofString(content))
				.build());
		assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
		return response;
	}

	static String idOf(HttpResponse<String> response) {
		Matcher matcher = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(response.body());
		assertThat(matcher.find()).as(response.body()).isTrue();
		return matcher.group(1);
	}

}
