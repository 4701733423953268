package dev.coffer.server.sharing;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one access policy for shared folders, end to end over HTTPS: a share on a folder
 * covers everything below it (inheritance), for the API and the pages; it stops on the
 * next request after a revocation or once a file moves out; strangers and revoked users
 * get 404 for everything, grantees 403 for what their permission does not cover.
 */
class FolderSharingAuthorizationTest {

	static TestServer server;

	static Actor owner;

	static Actor editor;

	static Actor reader;

	static Actor stranger;

	static Actor revoked;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		owner = Actor.signedUp(server, "owner");
		editor = Actor.signedUp(server, "editor");
		reader = Actor.signedUp(server, "reader");
		stranger = Actor.signedUp(server, "stranger");
		revoked = Actor.signedUp(server, "revoked");
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	/** A folder "team" with a subfolder holding a file, shared with editor and reader. */
	record Tree(String team, String inner, String file) {
	}

	static Tree tree() {
		String team = folder("team-" + System.nanoTime(), "root");
		String inner = folder("inner", team);
		HttpResponse<String> upload = owner.send(owner.api("/api/v1/files?folderId=" + inner + "&name=inside.txt")
			.PUT(BodyPublishers.ofString("inside")));
		assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
		assertThat(shareFolder(owner, team, "editor", "EDIT").statusCode()).isEqualTo(201);
		assertThat(shareFolder(owner, team, "reader", "READ").statusCode()).isEqualTo(201);
		assertThat(shareFolder(owner, team, "revoked", "EDIT").statusCode()).isEqualTo(201);
		assertThat(owner.apiDelete("/api/v1/folders/" + team + "/shares/revoked").statusCode()).isEqualTo(204);
		return new Tree(team, inner, Actor.field(upload.body(), "id"));
	}

	@Test
	void everyOperation_byEveryCaller_answersAsThePolicySays() {
		Map<String, Function<Tree, Function<Actor, HttpResponse<String>>>> operations = new LinkedHashMap<>();
		Map<String, int[]> expected = new LinkedHashMap<>();
		// Expected status for owner, editor, reader, stranger, revoked.
		add(operations, expected, "list shared folder",
				(t) -> (a) -> a.apiGet("/api/v1/folders/" + t.team() + "/entries"), 200, 200, 200, 404, 404);
		add(operations, expected, "list folder inside",
				(t) -> (a) -> a.apiGet("/api/v1/folders/" + t.inner() + "/entries"), 200, 200, 200, 404, 404);
		add(operations, expected, "folder page", (t) -> (a) -> a.get("/files?folder=" + t.inner()), 200, 200, 200, 404,
				404);
		add(operations, expected, "file", (t) -> (a) -> a.apiGet("/api/v1/files/" + t.file()), 200, 200, 200, 404, 404);
		add(operations, expected, "download", (t) -> (a) -> a.apiGet("/api/v1/files/" + t.file() + "/content"), 200,
				200, 200, 404, 404);
		add(operations, expected, "file page", (t) -> (a) -> a.get("/files/" + t.file()), 200, 200, 200, 404, 404);
		add(operations, expected, "new version",
				(t) -> (a) -> a
					.send(a.api("/api/v1/files/" + t.file() + "/content").PUT(BodyPublishers.ofString("v2"))),
				200, 200, 403, 404, 404);
		add(operations, expected, "public link",
				(t) -> (a) -> a.apiJson("POST", "/api/v1/files/" + t.file() + "/links", "{}"), 201, 403, 403, 404, 404);
		add(operations, expected, "folder shares", (t) -> (a) -> a.apiGet("/api/v1/folders/" + t.team() + "/shares"),
				200, 403, 403, 404, 404);
		add(operations, expected, "public link to folder",
				(t) -> (a) -> a.apiJson("POST", "/api/v1/folders/" + t.inner() + "/links", "{}"), 201, 403, 403, 404,
				404);
		add(operations, expected, "folder links", (t) -> (a) -> a.apiGet("/api/v1/folders/" + t.team() + "/links"), 200,
				403, 403, 404, 404);
		add(operations, expected, "page: public link to folder",
				(t) -> (a) -> a.post("/files/folders/" + t.inner() + "/links", "expiresInDays", "1"), 302, 403, 403,
				404, 404);
		add(operations, expected, "make folder inside", (t) -> (a) -> a.apiJson("POST", "/api/v1/folders",
				"{\"name\":\"new\",\"parentId\":\"" + t.inner() + "\"}"), 201, 403, 403, 404, 404);
		add(operations, expected, "rename folder",
				(t) -> (a) -> a.apiJson("PATCH", "/api/v1/folders/" + t.inner(), "{\"name\":\"renamed\"}"), 200, 403,
				403, 404, 404);
		add(operations, expected, "share folder", (t) -> (a) -> shareFolder(a, t.team(), "stranger", "READ"), 201, 403,
				403, 404, 404);
		add(operations, expected, "move file",
				(t) -> (a) -> a.apiJson("PATCH", "/api/v1/files/" + t.file(), "{\"folderId\":\"" + t.team() + "\"}"),
				200, 403, 403, 404, 404);
		add(operations, expected, "delete folder", (t) -> (a) -> a.apiDelete("/api/v1/folders/" + t.inner()), 204, 403,
				403, 404, 404);
		add(operations, expected, "move folder",
				(t) -> (a) -> a.apiJson("PATCH", "/api/v1/folders/" + t.inner(), "{\"parentId\":\"root\"}"), 200, 403,
				403, 404, 404);
		add(operations, expected, "rename file",
				(t) -> (a) -> a.apiJson("PATCH", "/api/v1/files/" + t.file(), "{\"name\":\"renamed.txt\"}"), 200, 403,
				403, 404, 404);
		add(operations, expected, "add a file", (t) -> (a) -> a.send(
				a.api("/api/v1/files?folderId=" + t.inner() + "&name=added.txt").PUT(BodyPublishers.ofString("added"))),
				201, 403, 403, 404, 404);
		// The folder page's forms: back to a folder (302) with a message, or the same
		// refusals as the API.
		add(operations, expected, "page: share folder", (
				t) -> (a) -> a.post("/files/folders/" + t.team() + "/shares", "user", "stranger", "permission", "READ"),
				302, 403, 403, 404, 404);
		add(operations, expected, "page: make folder inside",
				(t) -> (a) -> a.post("/files/folders", "parent", t.inner(), "name", "new"), 302, 403, 403, 404, 404);
		add(operations, expected, "page: rename folder",
				(t) -> (a) -> a.post("/files/folders/" + t.inner() + "/rename", "name", "renamed"), 302, 403, 403, 404,
				404);
		add(operations, expected, "page: delete folder",
				(t) -> (a) -> a.post("/files/folders/" + t.inner() + "/delete"), 302, 403, 403, 404, 404);
		add(operations, expected, "page: move file",
				(t) -> (a) -> a.post("/files/" + t.file() + "/move", "folder", t.team(), "from", t.inner()), 302, 403,
				403, 404, 404);
		List<Actor> callers = List.of(owner, editor, reader, stranger, revoked);
		for (var operation : operations.entrySet()) {
			// Others first, the owner last: a mutation by the owner must not hide a
			// refusal that should have come before it. Each operation on a fresh tree.
			Tree tree = tree();
			for (int i = callers.size() - 1; i >= 0; i--) {
				HttpResponse<String> response = operation.getValue().apply(tree).apply(callers.get(i));
				assertThat(response.statusCode())
					.as("%s by %s: %s", operation.getKey(), callers.get(i), response.body())
					.isEqualTo(expected.get(operation.getKey())[i]);
			}
		}
	}

	@Test
	void movingAFileOut_orRevoking_endsAccessOnTheNextRequest() {
		Tree tree = tree();
		assertThat(reader.apiGet("/api/v1/files/" + tree.file() + "/content").statusCode()).isEqualTo(200);
		assertThat(owner.apiJson("PATCH", "/api/v1/files/" + tree.file(), "{\"folderId\":\"root\"}").statusCode())
			.isEqualTo(200);
		assertThat(reader.apiGet("/api/v1/files/" + tree.file() + "/content").statusCode()).isEqualTo(404);
		assertThat(editor.apiGet("/api/v1/files/" + tree.file()).statusCode()).isEqualTo(404);
		// Moved back in, later: covered again, as anything put in the folder is.
		owner.apiJson("PATCH", "/api/v1/files/" + tree.file(), "{\"folderId\":\"" + tree.inner() + "\"}");
		assertThat(reader.apiGet("/api/v1/files/" + tree.file() + "/content").statusCode()).isEqualTo(200);

		assertThat(owner.apiDelete("/api/v1/folders/" + tree.team() + "/shares/reader").statusCode()).isEqualTo(204);
		assertThat(reader.apiGet("/api/v1/files/" + tree.file() + "/content").statusCode()).isEqualTo(404);
		assertThat(reader.apiGet("/api/v1/folders/" + tree.inner() + "/entries").statusCode()).isEqualTo(404);
		assertThat(editor.apiGet("/api/v1/files/" + tree.file() + "/content").statusCode()).isEqualTo(200);
	}

	@Test
	void sharedWithMe_listsSharedFolders_andAGranteeBrowsesFromThere() {
		Tree tree = tree();
		assertThat(reader.apiGet("/api/v1/shared-with-me/folders").body()).contains(tree.team());
		assertThat(stranger.apiGet("/api/v1/shared-with-me/folders").body()).doesNotContain(tree.team());
		assertThat(reader.get("/shared-with-me").body()).contains("/files?folder=" + tree.team());
		String page = reader.apiGet("/api/v1/folders/" + tree.inner() + "/entries").body();
		// The path starts at the shared folder: nothing above it is shown.
		assertThat(page).contains("\"permission\":\"READ\"").contains("inside.txt").doesNotContain("\"name\":\"\"");
	}

	@Test
	void shareForm_badInput_goesBackToTheFolderWithTheReason_andSharesNothing() {
		Tree tree = tree();
		String form = "/files/folders/" + tree.team() + "/shares";
		for (String[] attempt : List.of(new String[] { "", "READ", "Enter the username or email address" },
				new String[] { "nobody-" + System.nanoTime(), "READ", "There is no user with that username" },
				new String[] { "stranger", "OWNER", "READ or EDIT" },
				new String[] { "owner", "READ", "your own folder" },
				new String[] { "x".repeat(255), "READ", "not a username or email address" })) {
			HttpResponse<String> posted = owner.post(form, "user", attempt[0], "permission", attempt[1]);
			assertThat(posted.statusCode()).as(attempt[2]).isEqualTo(302);
			assertThat(posted.headers().firstValue("Location"))
				.hasValueSatisfying((location) -> assertThat(location).endsWith("/files?folder=" + tree.team()));
			assertThat(owner.get("/files?folder=" + tree.team()).body()).as(attempt[2]).contains(attempt[2]);
		}
		// The top folder is not shared as a whole.
		assertThat(owner.post("/files/folders/root/shares", "user", "stranger", "permission", "READ").statusCode())
			.isEqualTo(302);
		assertThat(owner.get("/files").body()).contains("Share a folder inside your top folder");
		assertThat(owner.apiGet("/api/v1/folders/" + tree.team() + "/shares").body()).doesNotContain("stranger");
		assertThat(stranger.apiGet("/api/v1/shared-with-me/folders").body()).doesNotContain(tree.team());
	}

	private static void add(Map<String, Function<Tree, Function<Actor, HttpResponse<String>>>> operations,
			Map<String, int[]> expected, String name, Function<Tree, Function<Actor, HttpResponse<String>>> call,
			int... statuses) {
		operations.put(name, call);
		expected.put(name, statuses);
	}

	private static String folder(String name, String parent) {
		HttpResponse<String> made = owner.apiJson("POST", "/api/v1/folders",
				"{\"name\":\"" + name + "\",\"parentId\":\"" + parent + "\"}");
		assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
		return Actor.field(made.body(), "id");
	}

	private static HttpResponse<String> shareFolder(Actor by, String folder, String grantee, String permission) {
		return by.apiJson("PUT", "/api/v1/folders/" + folder + "/shares/" + grantee,
				"{\"permission\":\"" + permission + "\"}");
	}

}
