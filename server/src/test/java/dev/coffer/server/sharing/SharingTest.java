package dev.coffer.server.sharing;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.server.account.AccountService;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sharing files with users over HTTPS: what each permission allows, that a change or
 * revocation counts from the next request, that bad grants change nothing, and that
 * grants and comments go with their file and their users.
 */
class SharingTest {

	static TestServer server;

	static Actor alice;

	static Actor bob;

	static Actor carol;

	static JdbcClient db;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		alice = Actor.signedUp(server, "alice");
		bob = Actor.signedUp(server, "bob");
		carol = Actor.signedUp(server, "carol");
		db = server.bean(JdbcClient.class);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void revocation_takesEffectOnTheNextRequest() {
		String id = alice.upload("revoke-me.txt", "for bob, for now");
		alice.share(id, "bob", "READ");
		assertThat(bob.apiGet("/api/v1/files/" + id + "/content").body()).isEqualTo("for bob, for now");
		assertThat(bob.get("/files/" + id).statusCode()).isEqualTo(200);
		assertThat(bob.apiGet("/api/v1/shared-with-me").body()).contains(id);

		assertThat(audit(id, "file.downloaded")).containsExactly("bob: version 1; as grantee with READ permission");

		assertThat(alice.revoke(id, "bob")).isEqualTo(204);
		assertThat(audit(id, "share.revoked")).containsExactly("alice: grantee bob");

		assertThat(bob.apiGet("/api/v1/files/" + id + "/content").statusCode()).isEqualTo(404);
		assertThat(bob.get("/files/" + id).statusCode()).isEqualTo(404);
		assertThat(bob.apiGet("/api/v1/shared-with-me").body()).doesNotContain(id);
		assertThat(WebClient.html(bob.get("/shared-with-me")).select("a.file-name").eachText())
			.doesNotContain("revoke-me.txt");
		assertThat(alice.revoke(id, "bob")).as("revoking twice").isEqualTo(404);
	}

	@Test
	void reader_cannotUploadRestoreRenameDeleteOrShare_andNothingChanges() {
		String id = alice.upload("read-only.txt", "one");
		alice.upload("read-only.txt", "two");
		alice.share(id, "bob", "READ");
		String base = "/api/v1/files/" + id;
		List<HttpResponse<String>> refused = List.of(
				bob.send(bob.api(base + "/content")
					.header("Content-Type", "application/octet-stream")
					.PUT(BodyPublishers.ofString("bob's"))),
				bob.send(bob.api(base + "/versions/1/restore").POST(BodyPublishers.noBody())),
				bob.apiJson("PATCH", base, "{\"name\":\"bob.txt\"}"), bob.apiDelete(base + "/versions/1"),
				bob.apiDelete(base), bob.apiJson("PUT", base + "/shares/carol", "{\"permission\":\"READ\"}"),
				bob.apiDelete(base + "/shares/bob"));
		for (HttpResponse<String> response : refused) {
			assertThat(response.statusCode()).as(response.request().method() + " " + response.request().uri())
				.isEqualTo(403);
			assertThat(response.headers().firstValue("Content-Type").orElseThrow())
				.startsWith("application/problem+json");
		}
		assertThat(refused.get(0).body()).contains("You need edit permission to upload new versions of this file.");
		assertThat(refused.get(2).body()).contains("Only the owner can rename this file.");
		assertThat(bob.postFile("/files/" + id + "/versions", "x.txt", "bob's").statusCode()).isEqualTo(403);
		assertThat(bob.post("/files/" + id + "/rename", "name", "bob.txt").body())
			.contains("Only the owner can rename this file.");

		String file = alice.apiGet(base).body();
		assertThat(file).contains("\"name\":\"read-only.txt\"").contains("\"versionCount\":2");
		assertThat(alice.apiGet(base + "/content").body()).isEqualTo("two");
		assertThat(alice.apiGet(base + "/shares").body()).contains("\"username\":\"bob\"").doesNotContain("carol");
		// The page offers a reader nothing they cannot do.
		var page = WebClient.html(bob.get("/files/" + id));
		assertThat(page.select("#new-version-form, form[action$=/rename], form[action$=/delete], #sharing")).isEmpty();
		assertThat(page.select("form[action$=/restore]")).isEmpty();
		assertThat(page.selectFirst(".your-permission").text()).isEqualTo("Read");
		assertThat(page.selectFirst(".file-owner").text()).isEqualTo("alice");
	}

	@Test
	void editor_uploadsAndRestoresVersions_onTheOwnersQuota_butCannotRenameDeleteOrShare() {
		String id = alice.upload("team.txt", "alice's draft");
		alice.share(id, "bob", "EDIT");
		String base = "/api/v1/files/" + id;
		long aliceBefore = usage("alice");

		HttpResponse<String> upload = bob.send(bob.api(base + "/content")
			.header("Content-Type", "application/octet-stream")
			.PUT(BodyPublishers.ofString("bob's edit")));
		assertThat(upload.statusCode()).isEqualTo(200);
		assertThat(upload.body()).contains("\"currentVersion\":2");
		assertThat(bob.send(bob.api(base + "/versions/1/restore").POST(BodyPublishers.noBody())).statusCode())
			.isEqualTo(200);
		assertThat(alice.apiGet(base + "/content").body()).isEqualTo("alice's draft");
		assertThat(usage("alice")).isEqualTo(aliceBefore + "bob's edit".length() + "alice's draft".length());
		assertThat(usage("bob")).isZero();
		assertThat(db
			.sql("select u.username from file_versions v join users u on u.id = v.created_by "
					+ "where v.file_id = ? order by v.number")
			.param(id)
			.query(String.class)
			.list()).containsExactly("alice", "bob", "bob");

		assertThat(bob.apiJson("PATCH", base, "{\"name\":\"bob.txt\"}").statusCode()).isEqualTo(403);
		assertThat(bob.apiDelete(base + "/versions/1").statusCode()).isEqualTo(403);
		assertThat(bob.apiDelete(base).statusCode()).isEqualTo(403);
		assertThat(bob.apiJson("PUT", base + "/shares/carol", "{\"permission\":\"READ\"}").statusCode()).isEqualTo(403);
		assertThat(alice.apiGet(base).body()).contains("\"name\":\"team.txt\"").contains("\"versionCount\":3");
		assertThat(audit(id, "file.version_uploaded"))
			.containsExactly("bob: team.txt, 10 bytes; as grantee with EDIT permission");
		assertThat(audit(id, "file.restored"))
			.containsExactly("bob: team.txt, version 1; as grantee with EDIT permission");
	}

	@Test
	void editorUpload_overTheOwnersQuota_is413_andStoresNothing() {
		Actor erin = Actor.signedUp(server, "erin");
		String id = erin.upload("nearly-full.txt", "12345");
		erin.share(id, "bob", "EDIT");
		server.bean(AccountService.class).setQuota("erin", 8L);
		HttpResponse<String> response = bob.send(bob.api("/api/v1/files/" + id + "/content")
			.header("Content-Type", "application/octet-stream")
			.PUT(BodyPublishers.ofString("123456")));
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.body()).contains("storage quota of the file's owner");
		assertThat(erin.apiGet("/api/v1/files/" + id).body()).contains("\"versionCount\":1");
		assertThat(usage("erin")).isEqualTo(5);
	}

	@Test
	void upgradingReaderToEditor_allowsUploadOnTheNextRequest() {
		String id = alice.upload("upgrade.txt", "v1");
		alice.share(id, "bob", "READ");
		String path = "/api/v1/files/" + id + "/content";
		assertThat(bob
			.send(bob.api(path).header("Content-Type", "application/octet-stream").PUT(BodyPublishers.ofString("v2")))
			.statusCode()).isEqualTo(403);
		assertThat(alice.share(id, "bob", "EDIT")).isEqualTo(200);
		assertThat(bob
			.send(bob.api(path).header("Content-Type", "application/octet-stream").PUT(BodyPublishers.ofString("v2")))
			.statusCode()).isEqualTo(200);
		assertThat(alice.apiGet(path).body()).isEqualTo("v2");
		assertThat(audit(id, "share.changed")).contains("alice: grantee bob, permission EDIT (was READ)");
	}

	@Test
	void sharingWithUnknownUserSelfOrBadPermission_is4xxProblem_andChangesNothing() {
		String id = alice.upload("careful.txt", "x");
		String shares = "/api/v1/files/" + id + "/shares";
		assertProblem(alice.apiJson("PUT", shares + "/nobody-here", "{\"permission\":\"READ\"}"), 404,
				"There is no user with that username or email address.");
		assertProblem(alice.apiJson("PUT", shares + "/alice", "{\"permission\":\"READ\"}"), 400, "your own file");
		assertProblem(alice.apiJson("PUT", shares + "/bob", "{\"permission\":\"OWNER\"}"), 400,
				"Permission must be READ or EDIT.");
		assertProblem(alice.apiJson("PUT", shares + "/bob", "{\"permission\":\"ADMIN\"}"), 400,
				"Permission must be READ or EDIT.");
		assertProblem(alice.apiJson("PUT", shares + "/bob", "{}"), 400, "permission");
		assertProblem(alice.apiJson("PUT", shares + "/bob", "not json"), 400, "");
		// The web form goes back to itself with the message next to the field.
		HttpResponse<String> form = alice.post("/files/" + id + "/shares", "user", "nobody-here", "permission", "READ");
		assertThat(form.statusCode()).isEqualTo(302);
		assertThat(WebClient.html(alice.get("/files/" + id)).select("#share-user-error").text())
			.isEqualTo("There is no user with that username or email address.");
		assertThat(alice.post("/files/" + id + "/shares", "user", "bob", "permission", "ALL").statusCode())
			.isEqualTo(302);
		assertThat(WebClient.html(alice.get("/files/" + id)).select("#share-form .field-error").text())
			.contains("Permission must be READ or EDIT.");

		assertThat(alice.apiGet(shares).body()).isEqualTo("[]");
		assertThat(bob.apiGet("/api/v1/files/" + id).statusCode()).isEqualTo(404);
		assertThat(audit(id, "share.granted")).isEmpty();
	}

	@Test
	void shareByTheWebForm_listsTheGrantee_andSharedByMeShowsIt() {
		String id = alice.upload("form-share.txt", "x");
		HttpResponse<String> shared = alice.post("/files/" + id + "/shares", "user", "carol", "permission", "EDIT");
		assertThat(shared.statusCode()).isEqualTo(302);
		var page = WebClient.html(alice.get("/files/" + id));
		assertThat(page.select("#sharing td.grantee").eachText()).containsExactly("carol");
		assertThat(page.select("table.shares select[name=permission] option[selected]").attr("value"))
			.isEqualTo("EDIT");
		var byMe = WebClient.html(alice.get("/shared-by-me"));
		assertThat(byMe.select("tr:has(a:contains(form-share.txt)) td.grantee").eachText()).containsExactly("carol");
		var withMe = WebClient.html(carol.get("/shared-with-me"));
		var row = withMe.selectFirst("tr:has(a:contains(form-share.txt))");
		assertThat(row.selectFirst("td.file-owner").text()).isEqualTo("alice");
		assertThat(row.select("form.shared-upload")).as("editors get an upload form").hasSize(1);
		assertThat(audit(id, "share.granted")).contains("alice: grantee carol, permission EDIT");
	}

	@Test
	void deletingAFileForGoodOrAUser_removesTheirSharesAndComments() {
		String id = alice.upload("short-lived.txt", "x");
		alice.share(id, "carol", "READ");
		carol.comment(id, "noted");
		alice.comment(id, "thanks");
		assertThat(count("shares", id)).isEqualTo(1);
		assertThat(count("comments", id)).isEqualTo(2);
		assertThat(alice.apiDelete("/api/v1/files/" + id).statusCode()).isEqualTo(204);
		// In the trash they are kept for a restore (and reach nobody).
		assertThat(count("shares", id)).isEqualTo(1);
		assertThat(carol.apiGet("/api/v1/files/" + id).statusCode()).isEqualTo(404);
		assertThat(alice.apiDelete("/api/v1/trash/files/" + id).statusCode()).isEqualTo(204);
		assertThat(count("shares", id)).isZero();
		assertThat(count("comments", id)).isZero();

		Actor dave = Actor.signedUp(server, "dave");
		String kept = alice.upload("outlives-dave.txt", "x");
		alice.share(kept, "dave", "EDIT");
		dave.comment(kept, "dave was here");
		alice.comment(kept, "alice too");
		AccountService accounts = server.bean(AccountService.class);
		accounts.deleteOwnAccount(accounts.get("dave").id(), Actor.PASSWORD);
		assertThat(count("shares", kept)).isZero();
		assertThat(alice.apiGet("/api/v1/files/" + kept + "/comments").body()).contains("alice too")
			.doesNotContain("dave was here");
	}

	private static void assertProblem(HttpResponse<String> response, int status, String detail) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(response.body()).contains(detail);
	}

	private static long usage(String username) {
		return db
			.sql("select coalesce(sum(v.size), 0) from file_versions v join files f on f.id = v.file_id "
					+ "join users u on u.id = f.owner_id where u.username = ?")
			.param(username)
			.query(Long.class)
			.single();
	}

	private static long count(String table, String fileId) {
		return db.sql("select count(*) from " + table + " where file_id = ?").param(fileId).query(Long.class).single();
	}

	/** "actor: details" of each audit entry with this action on this file. */
	private static List<String> audit(String fileId, String action) {
		return db.sql("select actor, details from audit_events where target = ? and action = ? order by id")
			.params("file:" + fileId, action)
			.query((rs, row) -> rs.getString(1) + ": " + rs.getString(2))
			.list();
	}

}
