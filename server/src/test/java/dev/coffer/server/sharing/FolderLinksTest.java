package dev.coffer.server.sharing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Public links to folders, attacked over HTTPS by someone who holds one and is not signed
 * in: they browse the linked folder and what is inside it, read only, and download files
 * and ZIPs; nothing outside the folder, nothing in the trash, nothing after revocation,
 * expiry of the download limit or without the password. Only the owner makes them.
 */
class FolderLinksTest {

	static TestServer server;

	static Actor owner;

	static Actor reader;

	static Actor stranger;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		owner = Actor.signedUp(server, "owner");
		reader = Actor.signedUp(server, "reader");
		stranger = Actor.signedUp(server, "stranger");
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	/**
	 * "team" holding top.txt and "inner" with inside.txt; a file outside, in the top
	 * folder.
	 */
	record Tree(String team, String inner, String top, String inside, String outside) {
	}

	static Tree tree() {
		String team = folder("team-" + System.nanoTime(), "root");
		String inner = folder("inner", team);
		return new Tree(team, inner, upload(team, "top.txt", "top content"), upload(inner, "inside.txt", "inside"),
				upload("root", "outside-" + System.nanoTime() + ".txt", "outside"));
	}

	@Test
	void aLinkHolder_browsesTheFolder_andDownloadsFilesAndZips_withoutSigningIn() throws IOException {
		Tree tree = tree();
		HttpResponse<String> made = owner.apiJson("POST", "/api/v1/folders/" + tree.team() + "/links", "{}");
		assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
		String token = Actor.field(made.body(), "token");
		assertThat(Actor.field(made.body(), "url")).endsWith("/s/" + token);
		WebClient visitor = server.client();

		HttpResponse<String> top = visitor.get("/s/" + token);
		assertThat(top.statusCode()).isEqualTo(200);
		Document page = WebClient.html(top);
		assertThat(page.selectFirst("h1").text()).startsWith("team-");
		assertThat(page.select("a.folder-name").eachText()).containsExactly("inner");
		assertThat(page.select("td.file-name").eachText()).containsExactly("top.txt");
		assertThat(page.select("a[href=/s/" + token + "/zip]")).hasSize(1);
		// Nothing of the owner's account around it: no path above the linked folder.
		assertThat(top.body()).doesNotContain("outside-").doesNotContain("My files");

		String innerHref = page.selectFirst("a.folder-name").attr("href");
		assertThat(innerHref).isEqualTo("/s/" + token + "/folders/" + tree.inner());
		Document inner = WebClient.html(visitor.get(innerHref));
		assertThat(inner.select("td.file-name").eachText()).containsExactly("inside.txt");
		assertThat(inner.select("nav.breadcrumbs a").eachAttr("href")).containsExactly("/s/" + token);

		HttpResponse<String> file = visitor.get("/s/" + token + "/files/" + tree.inside());
		assertThat(file.statusCode()).isEqualTo(200);
		assertThat(file.body()).isEqualTo("inside");
		assertThat(file.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment");
		assertThat(file.headers().firstValue("Content-Security-Policy").orElse("")).contains("sandbox");

		// Paths start with the folder's name, as in the owner's ZIP of it.
		String team = page.selectFirst("h1").text();
		assertThat(zip(visitor, "/s/" + token + "/zip")).containsOnly(Map.entry(team + "/top.txt", "top content"),
				Map.entry(team + "/inner/inside.txt", "inside"));
		assertThat(zip(visitor, "/s/" + token + "/folders/" + tree.inner() + "/zip"))
			.containsOnly(Map.entry("inner/inside.txt", "inside"));

		// Downloads counted: one file and two ZIPs.
		HttpResponse<String> listed = owner.apiGet("/api/v1/folders/" + tree.team() + "/links");
		assertThat(listed.body()).contains("\"downloads\":3").doesNotContain(token);
	}

	@Test
	void nothingOutsideTheLinkedFolder_isReachable() {
		Tree tree = tree();
		String token = link(tree.inner(), "{}");
		Tree other = tree();
		WebClient visitor = server.client();
		String strangersFile = upload(stranger, "root", "mine.txt", "stranger's");

		// Up from the linked folder, beside it, another user's: all as if they did not
		// exist.
		for (String path : List.of("/s/" + token + "/folders/" + tree.team(), "/s/" + token + "/files/" + tree.top(),
				"/s/" + token + "/files/" + tree.outside(), "/s/" + token + "/files/" + other.inside(),
				"/s/" + token + "/folders/" + other.inner(), "/s/" + token + "/folders/" + tree.team() + "/zip",
				"/s/" + token + "/files/" + strangersFile, "/s/" + token + "/folders/root")) {
			assertThat(visitor.get(path).statusCode()).as(path).isEqualTo(404);
		}
		// An encoded way up does not even reach the application.
		assertThat(visitor.get("/s/" + token + "/files/..%2F" + tree.top()).statusCode()).isIn(400, 404);
		assertThat(visitor.get("/s/" + token + "/files/" + tree.inside()).statusCode()).isEqualTo(200);

		// A file moved out of the folder is out of reach on the next request.
		HttpResponse<String> moved = owner.apiJson("PATCH", "/api/v1/files/" + tree.inside(),
				"{\"folderId\":\"" + tree.team() + "\"}");
		assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
		assertThat(visitor.get("/s/" + token + "/files/" + tree.inside()).statusCode()).isEqualTo(404);
		assertThat(visitor.get("/s/not-a-token/files/" + tree.inside()).statusCode()).isEqualTo(404);
	}

	@Test
	void theTrash_andRevoking_makeTheLinkGone() {
		Tree tree = tree();
		String token = link(tree.team(), "{}");
		WebClient visitor = server.client();
		assertThat(visitor.get("/s/" + token).statusCode()).isEqualTo(200);

		// A file in the trash is out of reach; the folder in the trash takes the link.
		assertThat(owner.apiDelete("/api/v1/files/" + tree.top()).statusCode()).isEqualTo(204);
		assertThat(visitor.get("/s/" + token + "/files/" + tree.top()).statusCode()).isEqualTo(404);
		assertThat(owner.apiDelete("/api/v1/folders/" + tree.team()).statusCode()).isEqualTo(204);
		HttpResponse<String> gone = visitor.get("/s/" + token);
		assertThat(gone.statusCode()).isEqualTo(410);
		assertThat(gone.body()).contains("The folder this link pointed to was deleted.");
		assertThat(visitor.get("/s/" + token + "/files/" + tree.inside()).statusCode()).isEqualTo(410);
		assertThat(visitor.get("/s/" + token + "/zip").statusCode()).isEqualTo(410);

		HttpResponse<String> restored = owner
			.send(owner.api("/api/v1/trash/folders/" + tree.team() + "/restore").POST(BodyPublishers.noBody()));
		assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
		assertThat(visitor.get("/s/" + token + "/files/" + tree.inside()).statusCode()).isEqualTo(200);

		String linkId = Actor.field(owner.apiGet("/api/v1/folders/" + tree.team() + "/links").body(), "id");
		assertThat(owner.apiDelete("/api/v1/folders/" + tree.team() + "/links/" + linkId).statusCode()).isEqualTo(204);
		for (String path : List.of("/s/" + token, "/s/" + token + "/files/" + tree.inside(), "/s/" + token + "/zip",
				"/s/" + token + "/folders/" + tree.inner())) {
			HttpResponse<String> revoked = visitor.get(path);
			assertThat(revoked.statusCode()).as(path).isEqualTo(410);
			assertThat(revoked.body()).as(path).contains("revoked");
		}
		// Nothing left to copy once revoked.
		assertThat(owner.apiGet("/api/v1/folders/" + tree.team() + "/links/" + linkId).body()).doesNotContain("token");
	}

	@Test
	void aPassword_locksEverything_untilItIsEntered() {
		Tree tree = tree();
		String token = link(tree.team(), "{\"password\":\"correct horse\"}");
		WebClient visitor = server.client();

		Document locked = WebClient.html(visitor.get("/s/" + token));
		assertThat(locked.selectFirst("h1").text()).isEqualTo("This folder is protected");
		assertThat(locked.select("td.file-name")).isEmpty();
		HttpResponse<String> file = visitor.get("/s/" + token + "/files/" + tree.top());
		assertThat(file.statusCode()).isEqualTo(303);
		assertThat(file.body()).doesNotContain("top content");
		assertThat(visitor.get("/s/" + token + "/zip").statusCode()).isEqualTo(303);
		assertThat(visitor.get("/s/" + token + "/folders/" + tree.inner()).statusCode()).isEqualTo(302);

		HttpResponse<String> wrong = visitor.submit("/s/" + token, "/s/" + token, Map.of("password", "wrong horse"));
		assertThat(wrong.statusCode()).isEqualTo(403);
		assertThat(wrong.body()).contains("That password is not right.").doesNotContain("top.txt");
		HttpResponse<String> right = visitor.submit("/s/" + token, "/s/" + token, Map.of("password", "correct horse"));
		assertThat(right.statusCode()).isEqualTo(302);
		assertThat(WebClient.html(visitor.get("/s/" + token)).select("td.file-name").eachText())
			.containsExactly("top.txt");
		assertThat(visitor.get("/s/" + token + "/files/" + tree.top()).body()).isEqualTo("top content");
		// Unlocked for this browser only.
		assertThat(server.client().get("/s/" + token + "/files/" + tree.top()).statusCode()).isEqualTo(303);
	}

	@Test
	void theDownloadLimit_countsFilesAndZips() throws IOException {
		Tree tree = tree();
		String token = link(tree.team(), "{\"maxDownloads\":2}");
		WebClient visitor = server.client();
		assertThat(visitor.get("/s/" + token + "/files/" + tree.top()).statusCode()).isEqualTo(200);
		// Continuing a download does not count; browsing never does.
		HttpResponse<String> rest = visitor.get("/s/" + token + "/files/" + tree.top(), "Range", "bytes=4-");
		assertThat(rest.statusCode()).isEqualTo(206);
		assertThat(visitor.get("/s/" + token + "/folders/" + tree.inner()).statusCode()).isEqualTo(200);
		assertThat(zip(visitor, "/s/" + token + "/zip")).hasSize(2);
		HttpResponse<String> third = visitor.get("/s/" + token + "/files/" + tree.inside());
		assertThat(third.statusCode()).isEqualTo(410);
		assertThat(third.body()).contains("download limit");
	}

	@Test
	void onlyTheOwner_makesAndManagesLinks() {
		Tree tree = tree();
		HttpResponse<String> shared = owner.apiJson("PUT", "/api/v1/folders/" + tree.team() + "/shares/reader",
				"{\"permission\":\"EDIT\"}");
		assertThat(shared.statusCode()).isEqualTo(201);
		String path = "/api/v1/folders/" + tree.team() + "/links";
		assertThat(reader.apiJson("POST", path, "{}").statusCode()).isEqualTo(403);
		assertThat(reader.apiGet(path).statusCode()).isEqualTo(403);
		assertThat(stranger.apiJson("POST", path, "{}").statusCode()).isEqualTo(404);
		assertThat(stranger.apiGet(path).statusCode()).isEqualTo(404);
		assertThat(Actor.anonymous(server).apiJson("POST", path, "{}").statusCode()).isEqualTo(401);

		HttpResponse<String> rootLink = owner.apiJson("POST", "/api/v1/folders/root/links", "{}");
		assertThat(rootLink.statusCode()).isEqualTo(400);
		assertThat(rootLink.body()).contains("top folder");
		HttpResponse<String> pinned = owner.apiJson("POST", path, "{\"version\":1}");
		assertThat(pinned.statusCode()).isEqualTo(400);
		assertThat(owner.apiJson("POST", path, "{\"maxDownloads\":0}").statusCode()).isEqualTo(400);
		assertThat(owner.apiJson("POST", path, "{\"expiresInDays\":100000}").statusCode()).isEqualTo(400);
		assertThat(owner.apiJson("POST", path, "{\"password\":\"short\"}").statusCode()).isEqualTo(400);
		// None of the refusals made a link.
		assertThat(owner.apiGet(path).body()).isEqualTo("[]");

		String linkId = Actor.field(owner.apiJson("POST", path, "{}").body(), "id");
		assertThat(reader.apiDelete(path + "/" + linkId).statusCode()).isEqualTo(403);
		assertThat(stranger.apiDelete(path + "/" + linkId).statusCode()).isEqualTo(404);
		assertThat(stranger.apiGet(path + "/" + linkId).statusCode()).isEqualTo(404);
		// A link id of one folder is no link of another.
		assertThat(owner.apiDelete("/api/v1/folders/" + tree.inner() + "/links/" + linkId).statusCode()).isEqualTo(404);
		assertThat(owner.apiGet(path).body()).contains("\"status\":\"active\"");
	}

	@Test
	void theFolderPage_makesCopiesAndRevokesLinks_withCsrf() {
		Tree tree = tree();
		String page = "/files?folder=" + tree.team();
		Document form = WebClient.html(owner.get(page));
		assertThat(form.select("form.folder-link-form.link-form > .field > input").eachAttr("name"))
			.as("the fields of a file's link form, in its order and markup")
			.containsExactly("expiresInDays", "maxDownloads", "password");
		HttpResponse<String> withoutCsrf = owner.client.postForm("/files/folders/" + tree.team() + "/links",
				Map.of("expiresInDays", "3"));
		assertThat(withoutCsrf.statusCode()).isEqualTo(403);
		assertThat(owner.apiGet("/api/v1/folders/" + tree.team() + "/links").body()).isEqualTo("[]");

		HttpResponse<String> made = owner.post("/files/folders/" + tree.team() + "/links", "expiresInDays", "3",
				"password", "", "maxDownloads", "");
		assertThat(made.statusCode()).isEqualTo(302);
		Document shown = WebClient.html(owner.get(page));
		assertThat(shown.select("details.folder-links")).as(shown.html()).hasSize(1);
		assertThat(shown.select(".flash.success:not([hidden])")).as("one message, the box holding the link")
			.hasSize(1)
			.allSatisfy((box) -> assertThat(box.select("input.copyable")).hasSize(1));
		String url = shown.selectFirst("details.folder-links input.copyable").attr("value");
		assertThat(url).contains("/s/");
		String token = url.substring(url.indexOf("/s/") + 3);
		assertThat(server.client().get("/s/" + token).statusCode()).isEqualTo(200);

		// Shown once; later, the list has a copy page with the same link.
		Document later = WebClient.html(owner.get(page));
		assertThat(later.select("details.folder-links input.copyable")).isEmpty();
		String copyHref = later.selectFirst("details.folder-links a.link-copy").attr("href");
		assertThat(owner.get(copyHref).body()).contains(url);
		assertThat(stranger.get(copyHref).statusCode()).isEqualTo(404);

		String revoke = later.selectFirst("details.folder-links form[action$=/revoke]").attr("action");
		assertThat(stranger.post(revoke).statusCode()).isEqualTo(404);
		assertThat(server.client().get("/s/" + token).statusCode()).isEqualTo(200);
		assertThat(owner.post(revoke).statusCode()).isEqualTo(302);
		assertThat(server.client().get("/s/" + token).statusCode()).isEqualTo(410);
		// Not on the top folder, nor for a grantee.
		assertThat(WebClient.html(owner.get("/files")).select("details.folder-links")).isEmpty();
	}

	private static String link(String folderId, String json) {
		HttpResponse<String> made = owner.apiJson("POST", "/api/v1/folders/" + folderId + "/links", json);
		assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
		return Actor.field(made.body(), "token");
	}

	private static String folder(String name, String parent) {
		HttpResponse<String> made = owner.apiJson("POST", "/api/v1/folders",
				"{\"name\":\"" + name + "\",\"parentId\":\"" + parent + "\"}");
		assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
		return Actor.field(made.body(), "id");
	}

	private static String upload(String folderId, String name, String content) {
		return upload(owner, folderId, name, content);
	}

	private static String upload(Actor by, String folderId, String name, String content) {
		HttpResponse<String> made = by
			.send(by.api("/api/v1/files?folderId=" + folderId + "&name=" + name).PUT(BodyPublishers.ofString(content)));
		assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
		return Actor.field(made.body(), "id");
	}

	/** The ZIP's entries, name to content. */
	private static Map<String, String> zip(WebClient client, String path) throws IOException {
		HttpResponse<byte[]> response = client.sendForBytes(client.request(path).GET().build());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/zip");
		Map<String, String> entries = new HashMap<>();
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(response.body()))) {
			for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
				entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
			}
		}
		return entries;
	}

}
