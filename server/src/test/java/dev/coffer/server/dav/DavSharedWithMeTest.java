package dev.coffer.server.dav;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /dav/Shared with me/} on a real server over HTTPS: bob shares a folder (READ), a
 * file (EDIT) and another file of the same name (READ) with alice on the web API; alice
 * reaches them, and only them, over WebDAV, and the grant decides what she may do.
 */
class DavSharedWithMeTest {

	static final String SHARED = "/dav/Shared%20with%20me/";

	static final JsonMapper JSON = JsonMapper.builder().build();

	static TestServer server;

	static WebClient bobBrowser;

	static DavClient alice;

	static DavClient carol;

	static String notesId;

	static String otherNotesId;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		DavAccounts.Account bob = DavAccounts.signUp(server, "bob");
		bobBrowser = bob.browser();
		DavAccounts.Account aliceAccount = DavAccounts.signUp(server, "alice");
		alice = new DavClient(server, "alice", aliceAccount.token());
		carol = new DavClient(server, "carol", DavAccounts.tokenOf(server, "carol"));
		String projects = upload(bobBrowser, "Projects/plan.txt", "the plan").get("folderId").asString();
		upload(bobBrowser, "Projects/sub/deep.txt", "deep down");
		upload(bobBrowser, "private.txt", "bob's only");
		notesId = upload(bobBrowser, "notes.txt", "first notes").get("id").asString();
		otherNotesId = upload(bobBrowser, "Other/notes.txt", "other notes").get("id").asString();
		share(bobBrowser, "folders", projects, "alice", "READ");
		share(bobBrowser, "files", notesId, "alice", "EDIT");
		share(bobBrowser, "files", otherNotesId, "alice", "READ");
		// alice's own folder of the reserved name, made on the web API.
		upload(aliceAccount.browser(), "Shared with me/mine.txt", "alice's own");
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void theTopFolder_listsSharedWithMe_once_andHidesTheUsersOwnFolderOfThatName() {
		HttpResponse<String> top = alice.send("PROPFIND", "/dav/", null, "Depth", "1");
		assertThat(top.statusCode()).isEqualTo(207);
		assertThat(top.body().split("<D:href>/dav/Shared%20with%20me/</D:href>", -1)).hasSize(2);
		assertThat(alice.get(SHARED + "mine.txt").statusCode()).isEqualTo(404);
		assertThat(alice.send("MKCOL", "/dav/Shared%20with%20me", null).statusCode()).isEqualTo(405);
		assertThat(alice.send("PUT", SHARED + "new.txt", "into the shelf").statusCode()).isEqualTo(403);
		assertThat(alice.send("DELETE", SHARED, null).statusCode()).isEqualTo(403);
		assertThat(alice.send("PUT", "/dav/mine.txt", "mine").statusCode()).isEqualTo(201);
		assertThat(alice.send("MOVE", "/dav/mine.txt", null, "Destination", server.baseUrl() + SHARED).statusCode())
			.isEqualTo(403);
		assertThat(alice.get("/dav/mine.txt").statusCode()).isEqualTo(200);
	}

	@Test
	void sharedWithMe_listsEachOwner_andWhatTheyShared_withClashingNamesTellApart() {
		HttpResponse<String> owners = alice.send("PROPFIND", SHARED, null, "Depth", "1");
		assertThat(owners.statusCode()).isEqualTo(207);
		assertThat(owners.body()).contains("<D:href>" + SHARED + "</D:href>")
			.contains("<D:href>" + SHARED + "bob/</D:href>")
			.contains("<D:resourcetype><D:collection/></D:resourcetype>");
		HttpResponse<String> bobs = alice.send("PROPFIND", SHARED + "bob/", null, "Depth", "1");
		assertThat(bobs.statusCode()).isEqualTo(207);
		assertThat(bobs.body()).contains("<D:href>" + SHARED + "bob/Projects/</D:href>")
			.contains("<D:href>" + SHARED + "bob/notes%20(" + notesId.substring(0, 8) + ").txt</D:href>")
			.contains("<D:href>" + SHARED + "bob/notes%20(" + otherNotesId.substring(0, 8) + ").txt</D:href>")
			.doesNotContain("private.txt")
			.doesNotContain("Other");
		HttpResponse<String> folder = alice.send("PROPFIND", SHARED + "bob/Projects/", null, "Depth", "1");
		assertThat(folder.body()).contains("<D:href>" + SHARED + "bob/Projects/plan.txt</D:href>")
			.contains("<D:href>" + SHARED + "bob/Projects/sub/</D:href>");
	}

	@Test
	void aReadGrant_readsEverythingInside_andWritesNothing() {
		String plan = SHARED + "bob/Projects/plan.txt";
		assertThat(new String(alice.get(plan).body())).isEqualTo("the plan");
		assertThat(new String(alice.get(SHARED + "bob/Projects/sub/deep.txt").body())).isEqualTo("deep down");
		assertThat(new String(alice.get(SHARED + "bob/notes%20(" + otherNotesId.substring(0, 8) + ").txt").body()))
			.isEqualTo("other notes");
		assertThat(alice.send("PUT", plan, "overwritten").statusCode()).isEqualTo(403);
		assertThat(alice.send("PUT", SHARED + "bob/Projects/new.txt", "new").statusCode()).isEqualTo(403);
		assertThat(alice.send("MKCOL", SHARED + "bob/Projects/made", null).statusCode()).isEqualTo(403);
		assertThat(alice.send("DELETE", plan, null).statusCode()).isEqualTo(403);
		assertThat(alice.send("DELETE", SHARED + "bob/Projects/", null).statusCode()).isEqualTo(403);
		assertThat(alice.send("MOVE", plan, null, "Destination", server.baseUrl() + "/dav/taken.txt").statusCode())
			.isEqualTo(403);
		assertThat(alice.send("PROPPATCH", plan, """
				<?xml version="1.0" encoding="utf-8"?>
				<D:propertyupdate xmlns:D="DAV:" xmlns:X="urn:example"><D:set><D:prop>
				<X:colour>blue</X:colour></D:prop></D:set></D:propertyupdate>""").statusCode()).isEqualTo(403);
		assertThat(new String(alice.get(plan).body())).isEqualTo("the plan");
		assertThat(alice.get("/dav/taken.txt").statusCode()).isEqualTo(404);
		// Copying out is reading: the copy is alice's own.
		assertThat(alice.send("COPY", plan, null, "Destination", server.baseUrl() + "/dav/my-plan.txt").statusCode())
			.isEqualTo(201);
		assertThat(new String(alice.get("/dav/my-plan.txt").body())).isEqualTo("the plan");
		assertThat(alice
			.send("COPY", "/dav/my-plan.txt", null, "Destination",
					server.baseUrl() + SHARED + "bob/Projects/copied.txt")
			.statusCode()).isEqualTo(403);
	}

	@Test
	void anEditGrant_putsANewVersion_thatTheOwnerSees() {
		String notes = SHARED + "bob/notes%20(" + notesId.substring(0, 8) + ").txt";
		assertThat(alice.send("PUT", notes, "notes by alice").statusCode()).isEqualTo(204);
		assertThat(new String(alice.get(notes).body())).isEqualTo("notes by alice");
		assertThat(bobBrowser.send(bobBrowser.apiRequest("/api/v1/paths/notes.txt").GET().build()).body())
			.isEqualTo("notes by alice");
		assertThat(alice.send("DELETE", notes, null).statusCode()).isEqualTo(403);
	}

	@Test
	void whatIsNotShared_isOnNoPath() {
		assertThat(alice.get(SHARED + "bob/private.txt").statusCode()).isEqualTo(404);
		assertThat(alice.get(SHARED + "bob/Other/notes.txt").statusCode()).isEqualTo(404);
		assertThat(alice.send("PUT", SHARED + "bob/private.txt", "guess").statusCode()).isEqualTo(403);
		assertThat(alice.send("PROPFIND", SHARED + "nobody/", null, "Depth", "0").statusCode()).isEqualTo(404);
		assertThat(carol.send("PROPFIND", SHARED + "bob/", null, "Depth", "0").statusCode()).isEqualTo(404);
		assertThat(carol.get(SHARED + "bob/Projects/plan.txt").statusCode()).isEqualTo(404);
		assertThat(carol.send("PROPFIND", SHARED, null, "Depth", "1").body()).doesNotContain("bob");
	}

	@Test
	void aRevokedShare_endsAtTheNextRequest() {
		String id = upload(bobBrowser, "Brief/brief.txt", "brief").get("folderId").asString();
		share(bobBrowser, "folders", id, "alice", "READ");
		assertThat(new String(alice.get(SHARED + "bob/Brief/brief.txt").body())).isEqualTo("brief");
		assertThat(bobBrowser.send(bobBrowser.apiRequest("/api/v1/folders/" + id + "/shares/alice").DELETE().build())
			.statusCode()).isEqualTo(204);
		assertThat(alice.get(SHARED + "bob/Brief/brief.txt").statusCode()).isEqualTo(404);
		assertThat(alice.send("PROPFIND", SHARED + "bob/", null, "Depth", "1").body()).doesNotContain("Brief");
	}

	/** Uploads to a path of the owner's folders on the API; the file as it answers. */
	static JsonNode upload(WebClient owner, String path, String content) {
		HttpResponse<String> response = owner.send(owner.apiRequest("/api/v1/paths/" + path.replace(" ", "%20"))
			.setHeader("Content-Type", "application/octet-stream")
			.PUT(BodyPublishers.ofString(content))
			.build());
		assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
		return JSON.readTree(response.body());
	}

	/** Shares one of the owner's {@code files} or {@code folders} on the API. */
	static void share(WebClient owner, String kind, String id, String grantee, String permission) {
		HttpResponse<String> response = owner.send(owner.apiRequest("/api/v1/" + kind + "/" + id + "/shares/" + grantee)
			.setHeader("Content-Type", "application/json")
			.PUT(BodyPublishers.ofString("{\"permission\":\"" + permission + "\"}"))
			.build());
		assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
	}

}
