package dev.coffer.server.audit;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.SecurityEvent;
import dev.coffer.server.SecurityEvent.Outcome;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What admins read on {@code /admin/audit} and users on their account page, over HTTPS:
 * sentences instead of codes, names instead of ids, addresses as people write them, no
 * Java internals, keyset paging, a filter on any part of the action, and exports that
 * keep every raw field. Also: one admin action is one entry.
 */
class AuditPageTest {

	static final String PASSWORD = "correct horse battery staple";

	static TestServer server;

	static WebClient admin;

	static WebClient alice;

	@BeforeAll
	static void start() {
		// Deletes are final at once, so the log has "file.deleted" right after one.
		server = TestServer.start("coffer.files.trash-retention=0");
		admin = signedIn("root");
		alice = signedIn("alice");
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

	static Document page(String query) {
		HttpResponse<String> response = admin.get("/admin/audit" + query);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return WebClient.html(response);
	}

	static List<String> sentences(Document page) {
		return page.select("td.audit-event .audit-sentence").eachText();
	}

	@Test
	void signIns_readAsSentences_withPlainReasons_andNoExceptionNames() {
		server.client().login("alice", "not the password at all");
		server.client().login("alice", PASSWORD);

		Document page = page("?user=alice&action=login");
		assertThat(sentences(page)).contains("alice signed in", "Sign-in refused: wrong password");
		assertThat(page.select("table.audit").text()).doesNotContain("Exception");
		assertThat(page.select("td.audit-outcome").eachText()).contains("Succeeded", "Failed");
		assertThat(page.select("td.audit-address").eachText()).contains("127.0.0.1");
	}

	@Test
	void fileEvents_nameTheFile_evenAfterItIsDeleted() {
		String id = upload(alice, "quarterly-report.txt", "numbers");
		assertThat(alice.send(alice.apiRequest("/api/v1/files/" + id).DELETE().build()).statusCode()).isEqualTo(204);

		assertThat(server.bean(AuditLog.class).find(new AuditFilter("alice", "file.deleted", null, null), 10))
			.filteredOn((entry) -> ("file:" + id).equals(entry.target()))
			.singleElement()
			.satisfies((entry) -> assertThat(entry.details()).isEqualTo("quarterly-report.txt"));
		Document page = page("?user=alice&action=file.");
		assertThat(sentences(page)).contains("alice uploaded “quarterly-report.txt”",
				"alice deleted “quarterly-report.txt”");
		assertThat(page.select("table.audit").text()).doesNotContain(id);
	}

	@Test
	void aDownloadThroughAPublicLink_isByAnonymous_andNamesTheLinkedFile() {
		String id = upload(alice, "for-the-press.txt", "statement");
		String token = sendJson(alice, "POST", "/api/v1/files/" + id + "/links", "{}", 201, "token");
		WebClient visitor = server.client();
		assertThat(visitor.sendForBytes(visitor.request("/s/" + token + "/download").GET().build()).statusCode())
			.isEqualTo(200);

		assertThat(server.bean(AuditLog.class).find(new AuditFilter(null, "file.downloaded", null, null), 100))
			.filteredOn((entry) -> ("file:" + id).equals(entry.target()))
			.singleElement()
			.satisfies((entry) -> assertThat(entry.actor()).isNull());
		Document page = page("?action=download");
		Element row = page.select("tr:has(.audit-sentence:contains(for-the-press.txt))").first();
		assertThat(row).isNotNull();
		assertThat(row.select(".audit-sentence").text()).isEqualTo("Someone downloaded “for-the-press.txt”");
		assertThat(row.select("td.audit-actor").text()).isEqualTo("anonymous");
		assertThat(page.body().text()).doesNotContain("anonymousUser");
		assertThat(sentences(page("?action=link.created")))
			.contains("alice created a public link to “for-the-press.txt”");
	}

	@Test
	void aLinkToAFolder_andDownloadsThroughIt_nameTheFolder() {
		String folderId = sendJson(alice, "POST", "/api/v1/folders", "{\"name\":\"press-kit\",\"parentId\":\"root\"}",
				201, "id");
		String fileId = upload(alice, "logo.txt", "logo");
		sendJson(alice, "PATCH", "/api/v1/files/" + fileId, "{\"folderId\":\"" + folderId + "\"}", 200, "id");
		String token = sendJson(alice, "POST", "/api/v1/folders/" + folderId + "/links", "{}", 201, "token");
		assertThat(server.client().get("/s/" + token + "/files/" + fileId).statusCode()).isEqualTo(200);

		assertThat(sentences(page("?action=folderlink"))).contains(
				"alice created a public link to the folder “press-kit”",
				"Someone downloaded from the folder “press-kit” through a public link");
	}

	@Test
	void folderEvents_nameTheFolder_andWhoItIsSharedWith() {
		signedIn("bob");
		String folderId = sendJson(alice, "POST", "/api/v1/folders", "{\"name\":\"Reports\",\"parentId\":\"root\"}",
				201, "id");
		sendJson(alice, "PUT", "/api/v1/folders/" + folderId + "/shares/bob", "{\"permission\":\"EDIT\"}", 201,
				"username");
		assertThat(alice.send(alice.apiRequest("/api/v1/folders/" + folderId + "/shares/bob").DELETE().build())
			.statusCode()).isEqualTo(204);
		assertThat(alice.send(alice.apiRequest("/api/v1/folders/" + folderId).DELETE().build()).statusCode())
			.isEqualTo(204);

		List<String> shares = sentences(page("?user=alice&action=share."));
		assertThat(shares).contains("alice shared the folder “Reports” with bob (edit)",
				"alice stopped sharing the folder “Reports” with bob");
		List<String> folders = sentences(page("?user=alice&action=folder."));
		assertThat(folders).contains("alice made the folder “Reports”")
			.anySatisfy((sentence) -> assertThat(sentence)
				.matches("alice (moved the folder “Reports” to the trash|deleted the folder “Reports” for good)"));
		assertThat(String.join("\n", shares) + String.join("\n", folders)).doesNotContain(folderId)
			.doesNotContain("no longer exists");
	}

	@Test
	void addresses_areShownAsPeopleWriteThem() {
		AuditLog log = server.bean(AuditLog.class);
		log.append(new SecurityEvent("test.address", "carol", "0:0:0:0:0:0:0:1", null, Outcome.SUCCESS, null));
		log.append(new SecurityEvent("test.address", "carol", "::ffff:10.1.2.3", null, Outcome.SUCCESS, null));
		log.append(new SecurityEvent("test.address", "carol", "2001:db8:0:0:1:0:0:1", null, Outcome.SUCCESS, null));

		assertThat(page("?action=test.address").select("td.audit-address").eachText())
			.containsExactly("2001:db8::1:0:0:1", "10.1.2.3", "::1");
	}

	@Test
	void aRequestLinkSender_isAnonymous_andWhoTheySaidTheyAreReadsAsTheirWord() {
		String id = upload(alice, "scan.pdf", "pages");
		// What DropBox records (RequestLinksTest checks that): no actor, the typed name
		// and
		// e-mail in the details, here an administrator's name typed by a stranger.
		server.bean(AuditLog.class)
			.append(new SecurityEvent("request.upload", null, "192.0.2.7", "file:" + id, Outcome.SUCCESS,
					"request:" + UUID.randomUUID() + ", 5 bytes, from root <root@example.org>"));

		Element row = page("?action=request.upload").select("tr:has(.audit-sentence:contains(scan.pdf))").first();
		assertThat(row).isNotNull();
		assertThat(row.select(".audit-sentence").text())
			.isEqualTo("Someone sent “scan.pdf” through a request link (who said they are root <root@example.org>)");
		assertThat(row.select("td.audit-actor").text()).isEqualTo("anonymous");
	}

	@Test
	void theActionFilter_matchesAnyPartOfTheAction() {
		server.bean(AuditLog.class)
			.append(new SecurityEvent("keys.rotated", "root", null, "master-key:12345", Outcome.SUCCESS,
					"previous primary 999"));

		Document page = page("?action=key");
		assertThat(page.select("code.audit-action").eachText()).contains("keys.rotated")
			.allMatch((a) -> a.contains("key"));
		assertThat(sentences(page)).contains("root rotated the master key (new master key 12345)");
		assertThat(page("?action=KEY").select("code.audit-action").eachText()).contains("keys.rotated");
		assertThat(page("?action=100%25_").select("code.audit-action")).isEmpty();
	}

	@Test
	void deviceSignIns_andCopiedLinks_readAsSentences() {
		AuditLog log = server.bean(AuditLog.class);
		log.append(new SecurityEvent("device.requested", null, "10.0.0.9", "device:d1", Outcome.SUCCESS, "laptop"));
		log.append(new SecurityEvent("device.approved", "carol", "10.0.0.8", "device:d1", Outcome.SUCCESS, "laptop"));
		log.append(new SecurityEvent("device.signed_in", null, "10.0.0.9", "token:t1", Outcome.SUCCESS, "laptop"));
		log.append(new SecurityEvent("request.copied", "carol", null, "request:r1", Outcome.SUCCESS, "Scans"));

		assertThat(sentences(page("?action=device."))).contains("A device asked to sign in as “laptop”",
				"carol let the device “laptop” sign in", "The device “laptop” received its API token");
		assertThat(sentences(page("?action=request.copied")))
			.contains("carol showed the request link “Scans” again, to copy it");
	}

	@Test
	void paging_goesByKeyset_throughEveryEntryOnce_andBack() {
		AuditLog log = server.bean(AuditLog.class);
		for (int i = 0; i < AuditController.PAGE_SIZE * 2 + 7; i++) {
			log.append(new SecurityEvent("test.paging", "pager", null, null, Outcome.SUCCESS, "n " + i));
		}
		List<List<String>> pages = new ArrayList<>();
		String query = "?action=test.paging";
		Document page;
		do {
			page = page(query);
			pages.add(page.select("tr[id^=entry-]").eachAttr("id"));
			Element older = page.selectFirst("a.audit-older");
			query = (older != null) ? older.attr("href").substring("/admin/audit".length()) : null;
		}
		while (query != null);

		assertThat(pages).extracting(List::size).containsExactly(50, 50, 7);
		List<String> all = pages.stream().flatMap(List::stream).toList();
		assertThat(all).doesNotHaveDuplicates().hasSize(107);
		List<Long> seqs = all.stream().map((id) -> Long.parseLong(id.substring(6))).toList();
		assertThat(seqs).isSortedAccordingTo((a, b) -> Long.compare(b, a));
		assertThat(page.select("#audit-total").text()).isEqualTo("107 entries");

		Element newer = page.selectFirst("a.audit-newer");
		assertThat(newer).isNotNull();
		Document back = page(newer.attr("href").substring("/admin/audit".length()));
		assertThat(back.select("tr[id^=entry-]").eachAttr("id")).isEqualTo(pages.get(1));
		assertThat(page("?action=test.paging").selectFirst("a.audit-newer")).isNull();
	}

	@Test
	void oneQuotaChangeByAnAdmin_isOneEntry_withTheAdminAndAddress() {
		signedIn("bob");
		HttpResponse<String> set = admin.submit("/admin/users", "/admin/users/quota",
				Map.of("username", "bob", "quota", "5MB"));
		assertThat(set.statusCode()).as(set.body()).isEqualTo(302);

		List<AuditEntry> forBob = server.bean(AuditLog.class)
			.find(new AuditFilter(null, "quota", null, null), 100)
			.stream()
			.filter((entry) -> "user:bob".equals(entry.target()))
			.toList();
		assertThat(forBob).singleElement().satisfies((entry) -> {
			assertThat(entry.action()).isEqualTo("quota.set");
			assertThat(entry.actor()).isEqualTo("root");
			assertThat(entry.clientAddress()).isEqualTo("127.0.0.1");
			assertThat(entry.details()).isEqualTo("5242880 bytes");
		});
		assertThat(sentences(page("?action=quota"))).contains("root set the quota of bob to 5 MiB");
	}

	@Test
	void oneAccountDisabledByAnAdmin_isOneEntry() {
		signedIn("dave");
		HttpResponse<String> disabled = admin.submit("/admin/users", "/admin/users/enabled",
				Map.of("username", "dave", "enabled", "false"));
		assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(302);

		assertThat(server.bean(AuditLog.class).find(new AuditFilter(null, "able", null, null), 100))
			.filteredOn((entry) -> "user:dave".equals(entry.target()))
			.singleElement()
			.satisfies((entry) -> assertThat(entry.action()).isEqualTo("account.disabled"));
	}

	@Test
	void exports_keepEveryRawField() {
		server.client().login("alice", "wrong again and again");
		String id = upload(alice, "exported.txt", "e");

		// The hashes are there once the sealer has chained the entries.
		server.awaitAuditSealed();
		String csv = admin.get("/admin/audit.csv?user=alice").body();
		assertThat(csv).contains(",login.failed,", "BadCredentialsException", "file:" + id);
		String json = admin.get("/admin/audit.json?user=alice").body();
		assertThat(json).contains("\"details\":\"BadCredentialsException\"", "\"target\":\"file:" + id + "\"",
				"\"hash\":\"", "\"prevHash\":\"");
	}

	@Test
	void accountPage_showsTheUsersEventsAsSentences() {
		WebClient erin = signedIn("erin");
		upload(erin, "erins-notes.txt", "n");

		Document account = WebClient.html(erin.get("/account"));
		assertThat(account.select("#security-events .audit-sentence").eachText()).contains("erin signed in",
				"erin uploaded “erins-notes.txt”", "Account erin created");
		assertThat(account.select("#security-events").text()).doesNotContain("file:").doesNotContain("Exception");
	}

	/**
	 * A user's own events name only what they may see now: a file shared with them, then
	 * unshared and renamed by its owner, is "a file you cannot see now" — true whether it
	 * was deleted or unshared, so it says neither, and never that it no longer exists
	 * while it does — and a refusal reads as a request for a missing file, as its 404
	 * said (the log knows the file exists; the user must not learn it here). The
	 * administrator sees both.
	 */
	@Test
	void accountPage_namesOnlyWhatTheUserMaySeeNow() {
		WebClient frank = signedIn("frank");
		String id = upload(alice, "plan.txt", "draft");
		sendJson(alice, "PUT", "/api/v1/files/" + id + "/shares/frank", "{\"permission\":\"READ\"}", 201, "username");
		assertThat(frank.get("/api/v1/files/" + id + "/content").statusCode()).isEqualTo(200);
		assertThat(alice.send(alice.apiRequest("/api/v1/files/" + id + "/shares/frank").DELETE().build()).statusCode())
			.isEqualTo(204);
		sendJson(alice, "PATCH", "/api/v1/files/" + id, "{\"name\":\"merger-plan-2027.txt\"}", 200, "id");
		assertThat(frank.get("/api/v1/files/" + id).statusCode()).isEqualTo(404);
		assertThat(frank.get("/api/v1/files/" + UUID.randomUUID()).statusCode()).isEqualTo(404);

		Document account = WebClient.html(frank.get("/account"));
		String events = account.select("#security-events").text();
		assertThat(events).doesNotContain("merger-plan")
			.doesNotContain("was refused")
			.doesNotContain("Denied")
			.doesNotContain("no longer exists");
		assertThat(account.select("#security-events .audit-sentence").eachText())
			.contains("frank downloaded a file you cannot see now")
			.filteredOn((sentence) -> sentence.equals("frank asked for a file that does not exist"))
			.hasSize(2);
		assertThat(sentences(page("?user=frank&action=file.downloaded")))
			.contains("frank downloaded “merger-plan-2027.txt”");
		assertThat(sentences(page("?user=frank&action=access.denied")))
			.contains("frank was refused “merger-plan-2027.txt”");
	}

	@Test
	void readableAddresses_leaveNamesAndGarbageAlone() {
		assertThat(ClientAddresses.readable("fe80:0:0:0:0:0:0:0")).isEqualTo("fe80::");
		assertThat(ClientAddresses.readable("0:0:0:0:0:0:0:0")).isEqualTo("::");
		assertThat(ClientAddresses.readable("2001:DB8:0:0:0:0:2:1")).isEqualTo("2001:db8::2:1");
		assertThat(ClientAddresses.readable("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
		assertThat(ClientAddresses.readable("192.0.2.7")).isEqualTo("192.0.2.7");
		assertThat(ClientAddresses.readable("proxy.example")).isEqualTo("proxy.example");
		assertThat(ClientAddresses.readable(null)).isNull();
	}

	/**
	 * A JSON request of {@code client}'s session that must answer {@code status}; returns
	 * the value of {@code field} in the answer.
	 */
	static String sendJson(WebClient client, String method, String path, String json, int status, String field) {
		HttpResponse<String> response = client.send(client.apiRequest(path)
			.setHeader("Content-Type", "application/json")
			.method(method, BodyPublishers.ofString(json))
			.build());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		Matcher value = Pattern.compile("\"" + field + "\":\"([^\"]+)\"").matcher(response.body());
		assertThat(value.find()).as(response.body()).isTrue();
		return value.group(1);
	}

	static String upload(WebClient client, String name, String content) {
		HttpResponse<String> response = AuditEventsTest.put(client, name, content);
		return AuditEventsTest.idOf(response);
	}

}
