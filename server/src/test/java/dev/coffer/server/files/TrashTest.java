package dev.coffer.server.files;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import dev.coffer.server.audit.AuditFilter;
import dev.coffer.server.audit.AuditLog;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;
import dev.coffer.testendpoints.ControllableClock;

import static dev.coffer.server.files.FoldersApiTest.assertProblem;
import static dev.coffer.server.files.FoldersApiTest.delete;
import static dev.coffer.server.files.FoldersApiTest.get;
import static dev.coffer.server.files.FoldersApiTest.json;
import static dev.coffer.server.files.FoldersApiTest.post;
import static dev.coffer.server.files.FoldersApiTest.patch;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trash over real HTTPS, with the default retention (30 days): a delete moves a file
 * or folder there, out of every listing, download, share and link, while it still counts
 * against the quota; restore puts it back (renamed on a clash, into the top folder if its
 * folder is gone); deleting for good, emptying and expiry crypto-shred; nobody but the
 * owner reaches the trash.
 */
class TrashTest {

	static final String PASSWORD = "correct horse battery staple";

	static TestServer server;

	static ControllableClock clock;

	static WebClient alice;

	static WebClient bob;

	@BeforeAll
	static void start() {
		server = TestServer.startWith(new Class<?>[] { ControllableClock.class });
		clock = server.bean(ControllableClock.class);
		alice = server.signedUp("alice", PASSWORD);
		bob = server.signedUp("bob", PASSWORD);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void theDefault_keepsDeletedFilesForThirtyDays() {
		assertThat(server.bean(Trash.class).retention()).isEqualTo(Duration.ofDays(30));
	}

	@Test
	void aDeletedFile_goesToTheTrash_andComesBackWithItsVersions() throws Exception {
		String id = upload(alice, "minutes.txt", "first");
		assertThat(FilesApiTest.putAs(alice, "minutes.txt", "second".getBytes()).statusCode()).isEqualTo(200);
		long used = usage("alice");
		long objects = FileStorageTest.countObjects(server);

		assertThat(delete(alice, "/api/v1/files/" + id).statusCode()).isEqualTo(204);

		assertThat(get(alice, "/api/v1/files/" + id).statusCode()).isEqualTo(404);
		assertThat(get(alice, "/api/v1/files/" + id + "/content").statusCode()).isEqualTo(404);
		assertThat(get(alice, "/api/v1/files").body()).doesNotContain("minutes.txt");
		assertThat(get(alice, "/api/v1/files?q=minutes").body()).doesNotContain("minutes.txt");
		assertThat(get(alice, "/api/v1/paths/minutes.txt").statusCode()).isEqualTo(404);
		JsonNode entry = entry(alice, id);
		assertThat(entry.get("type").asString()).isEqualTo("file");
		assertThat(entry.get("name").asString()).isEqualTo("minutes.txt");
		assertThat(entry.get("size").asLong()).isEqualTo("first".length() + "second".length());
		assertThat(Duration.between(java.time.Instant.parse(entry.get("deletedAt").asString()),
				java.time.Instant.parse(entry.get("deletedForGoodAt").asString())))
			.isEqualTo(Duration.ofDays(30));
		// Still stored, still counted.
		assertThat(usage("alice")).isEqualTo(used);
		assertThat(FileStorageTest.countObjects(server)).isEqualTo(objects);

		// The name is free again; the restored file then makes way.
		String newer = upload(alice, "minutes.txt", "a new file");
		HttpResponse<String> restored = restore(alice, "files", id);
		assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
		assertThat(json(restored).get("name").asString()).isEqualTo("minutes (restored).txt");
		assertThat(get(alice, "/api/v1/files/" + id + "/content").body()).isEqualTo("second");
		assertThat(json(get(alice, "/api/v1/files/" + id + "/versions")).size()).isEqualTo(2);
		assertThat(get(alice, "/api/v1/files/" + newer + "/content").body()).isEqualTo("a new file");
		assertThat(get(alice, "/api/v1/trash").body()).doesNotContain(id);
		assertThat(actions("alice", id)).contains("file.trashed", "file.untrashed").doesNotContain("file.deleted");
	}

	@Test
	void aDeletedFolder_hidesEverythingInside_fromTheOwner_grantees_andLinks() {
		String top = folder(alice, "Project", "root");
		String inner = folder(alice, "Drafts", top);
		String file = upload(alice, "plan.txt", "the plan");
		assertThat(patch(alice, "/api/v1/files/" + file, "{\"folderId\":\"" + inner + "\"}").statusCode())
			.isEqualTo(200);
		assertThat(alice
			.send(alice.apiRequest("/api/v1/folders/" + inner + "/shares/bob")
				.setHeader("Content-Type", "application/json")
				.PUT(BodyPublishers.ofString("{\"permission\":\"EDIT\"}"))
				.build())
			.statusCode()).isEqualTo(201);
		String token = json(post(alice, "/api/v1/files/" + file + "/links", "{}")).get("token").asString();
		WebClient anonymous = server.client();
		assertThat(anonymous.get("/s/" + token).statusCode()).isEqualTo(200);
		assertThat(get(bob, "/api/v1/files/" + file + "/content").body()).isEqualTo("the plan");

		assertThat(delete(alice, "/api/v1/folders/" + top).statusCode()).isEqualTo(204);

		for (WebClient user : List.of(alice, bob)) {
			assertThat(get(user, "/api/v1/files/" + file).statusCode()).isEqualTo(404);
			assertThat(get(user, "/api/v1/files/" + file + "/content").statusCode()).isEqualTo(404);
			assertThat(get(user, "/api/v1/folders/" + inner + "/entries").statusCode()).isEqualTo(404);
			assertThat(get(user, "/api/v1/folders/" + top + "/entries").statusCode()).isEqualTo(404);
		}
		// An edit share does not let bob write into the trash either.
		assertThat(bob
			.send(bob.apiRequest("/api/v1/files/" + file + "/content")
				.PUT(BodyPublishers.ofString("overwritten"))
				.build())
			.statusCode()).isEqualTo(404);
		// A link holder learns the file was deleted, as for a file deleted for good.
		HttpResponse<String> linkPage = anonymous.get("/s/" + token);
		assertThat(linkPage.statusCode()).isEqualTo(410);
		assertThat(linkPage.body()).contains("was deleted").doesNotContain("plan.txt");
		assertThat(anonymous.get("/s/" + token + "/download").statusCode()).isEqualTo(410);
		assertThat(get(alice, "/api/v1/files?q=plan").body()).doesNotContain("plan.txt");
		assertThat(get(alice, "/api/v1/folders/root/entries").body()).doesNotContain("Project");
		assertThat(get(alice, "/api/v1/paths/Project/Drafts/plan.txt").statusCode()).isEqualTo(404);
		assertThat(get(bob, "/api/v1/shared-with-me/folders").body()).doesNotContain(inner);
		// One entry: the folder, not what is inside it.
		assertThat(entry(alice, top).get("type").asString()).isEqualTo("folder");
		assertThat(get(alice, "/api/v1/trash").body()).doesNotContain(file).doesNotContain(inner);

		assertThat(restore(alice, "folders", top).statusCode()).isEqualTo(200);
		assertThat(get(bob, "/api/v1/files/" + file + "/content").body()).isEqualTo("the plan");
		assertThat(get(bob, "/api/v1/shared-with-me/folders").body()).contains(inner);
		assertThat(anonymous.get("/s/" + token).statusCode()).isEqualTo(200);
		assertThat(get(alice, "/api/v1/paths/Project/Drafts/plan.txt").statusCode()).isEqualTo(200);
	}

	@Test
	void restoringIntoAFolderThatIsGone_putsItInTheTopFolder() {
		String box = folder(alice, "Box", "root");
		String file = upload(alice, "letter.txt", "dear");
		patch(alice, "/api/v1/files/" + file, "{\"folderId\":\"" + box + "\"}");
		assertThat(delete(alice, "/api/v1/files/" + file).statusCode()).isEqualTo(204);
		assertThat(delete(alice, "/api/v1/folders/" + box).statusCode()).isEqualTo(204);
		assertThat(entry(alice, file).get("folderId").asString()).isEqualTo(box);

		HttpResponse<String> restored = restore(alice, "files", file);

		assertThat(json(restored).get("folderId").asString()).isEqualTo(userId("alice"));
		assertThat(json(get(alice, "/api/v1/files/" + file)).get("folderId").asString()).isEqualTo(userId("alice"));
		// The folder stays in the trash, and now holds nothing.
		assertThat(entry(alice, box).get("type").asString()).isEqualTo("folder");
	}

	@Test
	void theTrashPage_sayWhereARestoredEntryWent_whenItsFolderIsInTheTrash() {
		WebClient gail = server.signedUp("gail", PASSWORD);
		String box = folder(gail, "Box", "root");
		String inner = folder(gail, "Inner", box);
		String file = upload(gail, "hello.txt", "hello");
		String home = upload(gail, "home.txt", "home");
		patch(gail, "/api/v1/files/" + file, "{\"folderId\":\"" + box + "\"}");
		for (String trashed : List.of("/api/v1/files/" + file, "/api/v1/files/" + home, "/api/v1/folders/" + inner,
				"/api/v1/folders/" + box)) {
			assertThat(delete(gail, trashed).statusCode()).as(trashed).isEqualTo(204);
		}

		gail.submit("/trash", "/trash/files/" + file + "/restore", Map.of());
		assertThat(WebClient.html(gail.get("/trash")).select(".flash.success").text())
			.isEqualTo("Restored \"hello.txt\" into My files, because its folder is in the trash or deleted.");
		gail.submit("/trash", "/trash/folders/" + inner + "/restore", Map.of());
		assertThat(WebClient.html(gail.get("/trash")).select(".flash.success").text())
			.isEqualTo("Restored \"Inner\" into My files, because its folder is in the trash or deleted.");
		gail.submit("/trash", "/trash/files/" + home + "/restore", Map.of());
		assertThat(WebClient.html(gail.get("/trash")).select(".flash.success").text()).as("back where it was")
			.isEqualTo("Restored \"home.txt\".");
	}

	@Test
	void deletingForGood_andEmptying_destroyTheKeys_andFreeTheSpace() throws Exception {
		WebClient carol = server.signedUp("carol", PASSWORD);
		String one = upload(carol, "one.bin", "1111");
		String two = upload(carol, "two.bin", "2222");
		String box = folder(carol, "Box", "root");
		String three = upload(carol, "three.bin", "3333");
		patch(carol, "/api/v1/files/" + three, "{\"folderId\":\"" + box + "\"}");
		for (String id : List.of(one, two)) {
			assertThat(delete(carol, "/api/v1/files/" + id).statusCode()).isEqualTo(204);
		}
		assertThat(delete(carol, "/api/v1/folders/" + box).statusCode()).isEqualTo(204);
		long objects = FileStorageTest.countObjects(server);
		assertThat(usage("carol")).isEqualTo(12);

		assertThat(carol.send(carol.apiRequest("/api/v1/trash/files/" + one).DELETE().build()).statusCode())
			.isEqualTo(204);
		assertThat(versionRows(one)).isZero();
		assertThat(FileStorageTest.countObjects(server)).isEqualTo(objects - 1);
		assertThat(usage("carol")).isEqualTo(8);
		assertThat(actions("carol", one)).contains("file.deleted");

		assertThat(carol.send(carol.apiRequest("/api/v1/trash").DELETE().build()).statusCode()).isEqualTo(204);
		assertThat(json(get(carol, "/api/v1/trash")).size()).isZero();
		assertThat(versionRows(two) + versionRows(three)).isZero();
		assertThat(FileStorageTest.countObjects(server)).isEqualTo(objects - 3);
		assertThat(usage("carol")).isZero();
	}

	@Test
	void whatOutlivesTheRetention_isDeletedForGood_theRestStays() {
		WebClient dave = server.signedUp("dave", PASSWORD);
		String old = upload(dave, "old.txt", "old");
		assertThat(delete(dave, "/api/v1/files/" + old).statusCode()).isEqualTo(204);
		clock.advance(Duration.ofDays(29));
		String recent = upload(dave, "recent.txt", "recent");
		assertThat(delete(dave, "/api/v1/files/" + recent).statusCode()).isEqualTo(204);

		clock.advance(Duration.ofDays(1).plusMinutes(1));
		int deleted = server.bean(Trash.class).deleteExpired(1);

		assertThat(deleted).isGreaterThanOrEqualTo(1);
		assertThat(versionRows(old)).isZero();
		assertThat(get(dave, "/api/v1/trash").body()).doesNotContain(old).contains(recent);
		assertThat(restore(dave, "files", recent).statusCode()).isEqualTo(200);
	}

	@Test
	void nobodyButTheOwner_reachesTheTrash_norDeletesAnothersFile() {
		String id = upload(alice, "private.txt", "mine");
		assertThat(alice
			.send(alice.apiRequest("/api/v1/files/" + id + "/shares/bob")
				.setHeader("Content-Type", "application/json")
				.PUT(BodyPublishers.ofString("{\"permission\":\"EDIT\"}"))
				.build())
			.statusCode()).isEqualTo(201);
		assertThat(delete(bob, "/api/v1/files/" + id).statusCode()).isEqualTo(403);
		assertThat(get(bob, "/api/v1/shared-with-me").body()).contains(id);
		assertThat(delete(alice, "/api/v1/files/" + id).statusCode()).isEqualTo(204);

		assertThat(get(bob, "/api/v1/shared-with-me").body()).doesNotContain(id);
		assertThat(get(bob, "/api/v1/trash").body()).doesNotContain(id);
		assertProblem(restore(bob, "files", id), 404, "no such file in your trash");
		assertProblem(bob.send(bob.apiRequest("/api/v1/trash/files/" + id).DELETE().build()), 404,
				"no such file in your trash");
		assertThat(bob.send(bob.apiRequest("/api/v1/trash").DELETE().build()).statusCode()).isEqualTo(204);
		assertThat(server.client().get("/api/v1/trash").statusCode()).isIn(401, 302);
		// Still there for alice; refusals changed nothing.
		assertThat(entry(alice, id).get("name").asString()).isEqualTo("private.txt");
		assertProblem(restore(alice, "things", id), 404, "no such thing");
		String live = upload(alice, "live.txt", "here");
		assertProblem(restore(alice, "files", live), 404, "no such file in your trash");
		assertThat(restore(alice, "files", id).statusCode()).isEqualTo(200);
		assertProblem(restore(alice, "files", id), 404, "no such file in your trash");
	}

	@Test
	void theTrashPage_restoresAndDeletesForGood_withItsForms() {
		WebClient erin = server.signedUp("erin", PASSWORD);
		String keep = upload(erin, "keep.txt", "keep");
		String drop = upload(erin, "drop.txt", "drop");
		for (String id : List.of(keep, drop)) {
			assertThat(erin.submit("/files/" + id, "/files/" + id + "/delete", Map.of()).statusCode()).isEqualTo(302);
		}
		var page = WebClient.html(erin.get("/trash"));
		assertThat(page.select("table.trash td.trash-name").eachText()).containsExactlyInAnyOrder("keep.txt",
				"drop.txt");
		assertThat(page.text()).contains("30 days");

		assertThat(erin.submit("/trash", "/trash/files/" + keep + "/restore", Map.of()).statusCode()).isEqualTo(302);
		assertThat(erin.submit("/trash", "/trash/files/" + drop + "/delete", Map.of()).statusCode()).isEqualTo(302);

		assertThat(WebClient.html(erin.get("/trash")).select("p.empty").text()).isEqualTo("The trash is empty.");
		assertThat(get(erin, "/api/v1/files/" + keep + "/content").body()).isEqualTo("keep");
		assertThat(versionRows(drop)).isZero();
		// Without the CSRF token nothing happens.
		String again = upload(erin, "again.txt", "again");
		assertThat(delete(erin, "/api/v1/files/" + again).statusCode()).isEqualTo(204);
		assertThat(erin.postForm("/trash/files/" + again + "/delete", Map.of()).statusCode()).isEqualTo(403);
		assertThat(entry(erin, again).get("name").asString()).isEqualTo("again.txt");
	}

	@Test
	void aDeletedFolder_showsTheSizeOfWhatItHeld_andThePageWhatTheTrashHolds() {
		WebClient frank = server.signedUp("frank", PASSWORD);
		String reports = folder(frank, "Reports", "root");
		String older = folder(frank, "Older", reports);
		FileFixtures.uploadInto(frank, reports, "q1.txt", "1234567890".getBytes());
		FileFixtures.uploadInto(frank, older, "q0.txt", "12345".getBytes());
		String alone = FileFixtures.uploadInto(frank, older, "alone.txt", "123".getBytes());
		assertThat(delete(frank, "/api/v1/files/" + alone).statusCode()).isEqualTo(204);
		assertThat(delete(frank, "/api/v1/folders/" + reports).statusCode()).isEqualTo(204);
		String archive = folder(frank, "Archive", "root");
		FileFixtures.uploadInto(frank, archive, "a.txt", "1234567".getBytes());
		String nothing = folder(frank, "Nothing", "root");
		assertThat(delete(frank, "/api/v1/folders/" + archive).statusCode()).isEqualTo(204);
		assertThat(delete(frank, "/api/v1/folders/" + nothing).statusCode()).isEqualTo(204);

		assertThat(entry(frank, reports).get("size").asLong()).as("alone.txt is an entry of its own").isEqualTo(15);
		assertThat(entry(frank, archive).get("size").asLong()).isEqualTo(7);
		assertThat(entry(frank, nothing).get("size").asLong()).isZero();
		var page = WebClient.html(frank.get("/trash"));
		assertThat(page.select("tr.folder-row td[data-label=Size]").eachText()).containsExactlyInAnyOrder("15 bytes",
				"7 bytes", "0 bytes");
		assertThat(page.select(".trash-bytes").text()).isEqualTo("25 bytes");
	}

	private static String upload(WebClient client, String name, String content) {
		HttpResponse<String> response = FilesApiTest.putAs(client, name, content.getBytes());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return FilesApiTest.idOf(response);
	}

	private static String folder(WebClient client, String name, String parent) {
		HttpResponse<String> made = post(client, "/api/v1/folders",
				"{\"name\":\"" + name + "\",\"parentId\":\"" + parent + "\"}");
		assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
		return json(made).get("id").asString();
	}

	private static HttpResponse<String> restore(WebClient client, String kind, String id) {
		return client.send(client.apiRequest("/api/v1/trash/" + kind + "/" + id + "/restore")
			.POST(BodyPublishers.noBody())
			.build());
	}

	private static JsonNode entry(WebClient client, String id) {
		for (JsonNode entry : json(get(client, "/api/v1/trash"))) {
			if (entry.get("id").asString().equals(id)) {
				return entry;
			}
		}
		throw new AssertionError(id + " is not in the trash");
	}

	private static String userId(String username) {
		return server.bean(JdbcClient.class)
			.sql("select id from users where username = ?")
			.param(username)
			.query(String.class)
			.single();
	}

	private static long usage(String username) {
		return server.bean(Quotas.class).usage(userId(username)).used();
	}

	private static long versionRows(String fileId) {
		return server.bean(JdbcClient.class)
			.sql("select count(*) from file_versions where file_id = ?")
			.param(fileId)
			.query(Long.class)
			.single();
	}

	private static List<String> actions(String username, String fileId) {
		return server.bean(AuditLog.class)
			.find(new AuditFilter(username, null, null, null), 200)
			.stream()
			.filter((entry) -> ("file:" + fileId).equals(entry.target()))
			.map((entry) -> entry.action())
			.toList();
	}

}
