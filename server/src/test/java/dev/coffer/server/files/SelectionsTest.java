package dev.coffer.server.files;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.audit.AuditFilter;
import dev.coffer.server.audit.AuditLog;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static dev.coffer.server.files.FoldersApiTest.assertProblem;
import static dev.coffer.server.files.FoldersApiTest.get;
import static dev.coffer.server.files.FoldersApiTest.json;
import static dev.coffer.server.files.FoldersApiTest.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Moving and deleting many files and folders at once, over real HTTPS, through the API
 * and the folder page's form: all of them, or (one id someone else's, a cycle, a name
 * taken) none of them, with nothing recorded as done.
 */
class SelectionsTest {

	static final String PASSWORD = "correct horse battery staple";

	static TestServer server;

	static WebClient alice;

	static WebClient bob;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		alice = server.signedUp("alice", PASSWORD);
		bob = server.signedUp("bob", PASSWORD);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void move_takesFilesAndFolders_intoOneFolder() {
		String one = upload(alice, "one.txt");
		String two = upload(alice, "two.txt");
		String box = folder(alice, "Box", "root");
		String target = folder(alice, "Target", "root");

		HttpResponse<String> moved = post(alice, "/api/v1/files/move", "{\"ids\":[\"" + one + "\",\"" + two
				+ "\"],\"folderIds\":[\"" + box + "\"],\"folderId\":\"" + target + "\"}");

		assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
		assertThat(json(moved).get("moved").asInt()).isEqualTo(3);
		assertThat(json(get(alice, "/api/v1/files/" + one)).get("folderId").asString()).isEqualTo(target);
		assertThat(json(get(alice, "/api/v1/files/" + two)).get("folderId").asString()).isEqualTo(target);
		assertThat(json(get(alice, "/api/v1/folders/" + box)).get("parentId").asString()).isEqualTo(target);
	}

	@Test
	void move_withOneIdThatIsNotTheirs_orACycle_orATakenName_movesNothing_andRecordsNothing() {
		String mine = upload(alice, "mine.txt");
		String theirs = upload(bob, "theirs.txt");
		String outer = folder(alice, "Outer", "root");
		String inner = folder(alice, "Inner", outer);
		String clash = folder(alice, "Clash", "root");
		upload(alice, "mine.txt", clash);
		long movesBefore = moveEntries();

		assertProblem(
				post(alice, "/api/v1/files/move",
						"{\"ids\":[\"" + mine + "\",\"" + theirs + "\"],\"folderId\":\"" + inner + "\"}"),
				404, "no such file");
		assertProblem(post(alice, "/api/v1/files/move",
				"{\"ids\":[\"" + mine + "\"],\"folderIds\":[\"" + outer + "\"],\"folderId\":\"" + inner + "\"}"), 409,
				"into itself");
		assertProblem(post(alice, "/api/v1/files/move",
				"{\"folderIds\":[\"" + inner + "\"],\"ids\":[\"" + mine + "\"],\"folderId\":\"" + clash + "\"}"), 409,
				"already a file or folder named \"mine.txt\"");

		assertThat(json(get(alice, "/api/v1/files/" + mine)).get("folderId").asString()).isNotIn(inner, clash);
		assertThat(json(get(alice, "/api/v1/folders/" + inner)).get("parentId").asString()).isEqualTo(outer);
		assertThat(json(get(bob, "/api/v1/files/" + theirs)).get("folderId").asString()).isNotEqualTo(inner);
		assertThat(moveEntries()).isEqualTo(movesBefore);
	}

	@Test
	void delete_putsThemAllInTheTrash_orNoneOfThem() {
		String a = upload(alice, "a.txt");
		String b = upload(alice, "b.txt");
		String box = folder(alice, "Doomed", "root");
		String theirs = upload(bob, "bobs.txt");

		assertProblem(post(alice, "/api/v1/files/delete", "{\"ids\":[\"" + a + "\",\"" + theirs + "\"]}"), 404,
				"no such file");
		assertProblem(post(alice, "/api/v1/files/delete", "{\"ids\":[\"" + a + "\"],\"folderIds\":[\"root\"]}"), 409,
				"top folder cannot be deleted");
		assertThat(get(alice, "/api/v1/files/" + a).statusCode()).isEqualTo(200);
		assertThat(get(bob, "/api/v1/files/" + theirs).statusCode()).isEqualTo(200);

		HttpResponse<String> deleted = post(alice, "/api/v1/files/delete",
				"{\"ids\":[\"" + a + "\",\"" + b + "\"],\"folderIds\":[\"" + box + "\"]}");

		assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
		String trash = get(alice, "/api/v1/trash").body();
		assertThat(trash).contains(a, b, box);
		assertThat(get(alice, "/api/v1/files/" + a).statusCode()).isEqualTo(404);
	}

	@Test
	void badSelections_areRefused_withTheReason() {
		assertProblem(post(alice, "/api/v1/files/delete", "{\"ids\":[]}"), 400, "at least one");
		assertProblem(post(alice, "/api/v1/files/move", "{\"ids\":[\"x\"]}"), 400, "folder to move them to");
		assertProblem(post(alice, "/api/v1/files/move", ""), 400, "ids");
		List<String> many = new ArrayList<>();
		for (int i = 0; i <= Selections.MAX_SELECTED; i++) {
			many.add("\"id-" + i + "\"");
		}
		assertProblem(post(alice, "/api/v1/files/delete", "{\"ids\":[" + String.join(",", many) + "]}"), 413,
				"At most 1000");
	}

	@Test
	void theFolderPageForm_movesAndDeletesTheTickedRows() {
		WebClient carol = server.signedUp("carol", PASSWORD);
		String x = upload(carol, "x.txt");
		String y = upload(carol, "y.txt");
		String box = folder(carol, "Box", "root");
		var page = WebClient.html(carol.get("/files"));
		assertThat(page.select("input.select-folder").eachAttr("value")).containsExactly(box);
		assertThat(page.select("#move-selected-to option").eachAttr("value")).contains(box);

		HttpResponse<String> moved = carol.submit("/files", "/files/selection/move",
				Map.of("ids", x, "to", box, "from", "root"));
		assertThat(moved.statusCode()).isEqualTo(302);
		assertThat(json(get(carol, "/api/v1/files/" + x)).get("folderId").asString()).isEqualTo(box);

		HttpResponse<String> deleted = carol.submit("/files", "/files/selection/delete",
				Map.of("ids", y, "folderIds", box, "from", "root"));
		assertThat(deleted.statusCode()).isEqualTo(302);
		assertThat(WebClient.html(carol.get("/files")).select(".flash.success[role=status]:not(#upload-status)").text())
			.isEqualTo("Moved 2 items to the trash.");
		assertThat(get(carol, "/api/v1/trash").body()).contains(y, box).doesNotContain(x);

		// No CSRF token, no change.
		String z = upload(carol, "z.txt");
		assertThat(carol.postForm("/files/selection/delete", Map.of("ids", z)).statusCode()).isEqualTo(403);
		assertThat(get(carol, "/api/v1/files/" + z).statusCode()).isEqualTo(200);
	}

	@Test
	void moveSelectedTo_andEachRowsMove_offerEveryFolderButTheOneShown_byPath_andMoveFarAway() {
		WebClient dora = server.signedUp("dora", PASSWORD);
		String box = folder(dora, "Box", "root");
		String inner = folder(dora, "Inner", box);
		String other = folder(dora, "Other", "root");
		String deep = folder(dora, "Deep", other);
		String note = FileFixtures.uploadInto(dora, inner, "note.txt", "note".getBytes());

		var page = WebClient.html(dora.get("/files?folder=" + inner));
		assertThat(page.select("#move-selected-to option").eachText()).containsExactly("My files", "Box", "Other",
				"Other/Deep");
		assertThat(page.select("#move-selected-to option").eachAttr("value")).doesNotContain(inner);
		assertThat(page.select("details.move-file option").eachText())
			.as("a row's own menu offers the same, named and ordered alike")
			.containsExactly("My files", "Box", "Other", "Other/Deep");
		assertThat(page.select("details.move-file option").eachAttr("value"))
			.isEqualTo(page.select("#move-selected-to option").eachAttr("value"));

		HttpResponse<String> moved = dora.submit("/files?folder=" + inner, "/files/selection/move",
				Map.of("ids", note, "to", deep, "from", inner));
		assertThat(moved.statusCode()).isEqualTo(302);
		assertThat(json(get(dora, "/api/v1/files/" + note)).get("folderId").asString()).isEqualTo(deep);
	}

	private static long moveEntries() {
		return server.bean(AuditLog.class).find(new AuditFilter("alice", "file.moved", null, null), 1000).size()
				+ server.bean(AuditLog.class).find(new AuditFilter("alice", "folder.moved", null, null), 1000).size();
	}

	private static String upload(WebClient client, String name) {
		return upload(client, name, "root");
	}

	private static String upload(WebClient client, String name, String folderId) {
		HttpResponse<String> response = client
			.send(client.apiRequest("/api/v1/files?name=" + name + "&folderId=" + folderId)
				.PUT(java.net.http.HttpRequest.BodyPublishers.ofString("content of " + name))
				.build());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return FilesApiTest.idOf(response);
	}

	private static String folder(WebClient client, String name, String parent) {
		HttpResponse<String> made = post(client, "/api/v1/folders",
				"{\"name\":\"" + name + "\",\"parentId\":\"" + parent + "\"}");
		assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
		return json(made).get("id").asString();
	}

}
