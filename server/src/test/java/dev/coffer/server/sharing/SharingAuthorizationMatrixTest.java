package dev.coffer.server.sharing;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one access policy, end to end: every file, version, share, comment, public-link and
 * request-link endpoint of the pages and the API, tried by every kind of caller, against
 * the status the policy promises. Strangers and revoked grantees get 404 (never 403: the
 * file's existence is no business of theirs); grantees who can see the file but lack the
 * permission get 403; a request link is its owner's alone (anyone else: 404); anonymous
 * callers are sent to sign in (pages) or get 401 (API), and so is a link holder (an
 * anonymous session that unlocked a password link): the link opens its page and its
 * download, nothing else.
 */
class SharingAuthorizationMatrixTest {

	static TestServer server;

	static Actor owner;

	static Actor editor;

	static Actor reader;

	static Actor stranger;

	static Actor revoked;

	static Actor anonymous;

	static Actor linkHolder;

	static final String LINK_PASSWORD = "matrix link password";

	@BeforeAll
	static void start() {
		// Senders post the request form right after loading it.
		server = TestServer.start("coffer.requests.min-fill-time=0s");
		owner = Actor.signedUp(server, "owner");
		editor = Actor.signedUp(server, "editor");
		reader = Actor.signedUp(server, "reader");
		stranger = Actor.signedUp(server, "stranger");
		revoked = Actor.signedUp(server, "revoked");
		Actor.signedUp(server, "friend");
		anonymous = Actor.anonymous(server);
		linkHolder = Actor.anonymous(server);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	/**
	 * What a caller may do: see the file, change its content, or own it; anything signed
	 * in (their own lists); only the owner of a request link (everyone else: 404); the
	 * holder of an unlocked public link.
	 */
	enum Level {

		VIEW, EDIT, OWNER, SIGNED_IN, REQUEST_OWNER, LINK

	}

	/**
	 * A file shared with editor (EDIT) and reader (READ), once shared with revoked, with
	 * a password link; and a request link of the same owner.
	 */
	record Fixture(String fileId, String commentId, String linkId, String linkToken, String requestId,
			String requestToken) {
	}

	/**
	 * @param ownerSees for an endpoint that lists the caller's own things: what the
	 * owner's answer shows and everyone else's must not (or {@code null})
	 */
	record Endpoint(String name, Level level, boolean page, int success, boolean mutates,
			BiFunction<Actor, Fixture, HttpResponse<String>> call, String ownerSees) {

		Endpoint(String name, Level level, boolean page, int success, boolean mutates,
				BiFunction<Actor, Fixture, HttpResponse<String>> call) {
			this(name, level, page, success, mutates, call, null);
		}

	}

	/**
	 * The title of every fixture's request link, and the one sender of the shared one.
	 */
	static final String REQUEST_TITLE = "matrix-request";

	static final String SENDER = "Matrix Sender";

	static Fixture fixture() {
		String fileId = owner.upload("matrix-" + System.nanoTime() + ".txt", "version one");
		owner.upload(nameOf(fileId), "version two");
		assertThat(owner.share(fileId, "editor", "EDIT")).isEqualTo(201);
		assertThat(owner.share(fileId, "reader", "READ")).isEqualTo(201);
		assertThat(owner.share(fileId, "revoked", "EDIT")).isEqualTo(201);
		assertThat(owner.revoke(fileId, "revoked")).isEqualTo(204);
		HttpResponse<String> link = owner.apiJson("POST", "/api/v1/files/" + fileId + "/links",
				"{\"password\":\"" + LINK_PASSWORD + "\"}");
		assertThat(link.statusCode()).as(link.body()).isEqualTo(201);
		HttpResponse<String> request = owner.apiJson("POST", "/api/v1/requests",
				"{\"title\":\"" + REQUEST_TITLE + "\",\"maxFiles\":5,\"maxBytes\":100000}");
		assertThat(request.statusCode()).as(request.body()).isEqualTo(201);
		return new Fixture(fileId, owner.comment(fileId, "by the owner"), Actor.field(link.body(), "id"),
				Actor.field(link.body(), "token"), Actor.field(request.body(), "id"),
				Actor.field(request.body(), "token"));
	}

	static String nameOf(String fileId) {
		return Actor.field(owner.apiGet("/api/v1/files/" + fileId).body(), "name");
	}

	static List<Endpoint> endpoints() {
		List<Endpoint> all = new ArrayList<>();
		String f = "/files/";
		String api = "/api/v1/files/";
		// Pages
		all.add(new Endpoint("page: file", Level.VIEW, true, 200, false, (a, x) -> a.get(f + x.fileId())));
		all.add(new Endpoint("page: upload version", Level.EDIT, true, 302, true,
				(a, x) -> a.postFile(f + x.fileId() + "/versions", "new.txt", "new content")));
		all.add(new Endpoint("page: restore", Level.EDIT, true, 302, true,
				(a, x) -> a.post(f + x.fileId() + "/versions/1/restore")));
		all.add(new Endpoint("page: delete version", Level.OWNER, true, 302, true,
				(a, x) -> a.post(f + x.fileId() + "/versions/1/delete")));
		all.add(new Endpoint("page: rename", Level.OWNER, true, 302, true,
				(a, x) -> a.post(f + x.fileId() + "/rename", "name", "renamed-" + System.nanoTime() + ".txt")));
		all.add(new Endpoint("page: delete file", Level.OWNER, true, 302, true,
				(a, x) -> a.post(f + x.fileId() + "/delete")));
		all.add(new Endpoint("page: share", Level.OWNER, true, 302, true,
				(a, x) -> a.post(f + x.fileId() + "/shares", "user", "friend", "permission", "READ")));
		all.add(new Endpoint("page: change share", Level.OWNER, true, 302, true,
				(a, x) -> a.post(f + x.fileId() + "/shares/reader", "permission", "EDIT")));
		all.add(new Endpoint("page: revoke share", Level.OWNER, true, 302, true,
				(a, x) -> a.post(f + x.fileId() + "/shares/reader/delete")));
		all.add(new Endpoint("page: comment", Level.VIEW, true, 302, true,
				(a, x) -> a.post(f + x.fileId() + "/comments", "body", "hello")));
		all.add(new Endpoint("page: delete owner's comment", Level.OWNER, true, 302, true,
				(a, x) -> a.post(f + x.fileId() + "/comments/" + x.commentId() + "/delete")));
		all.add(new Endpoint("page: shared with me", Level.SIGNED_IN, true, 200, false,
				(a, x) -> a.get("/shared-with-me")));
		all.add(new Endpoint("page: shared by me", Level.SIGNED_IN, true, 200, false,
				(a, x) -> a.get("/shared-by-me")));
		// API
		all.add(new Endpoint("api: file", Level.VIEW, false, 200, false, (a, x) -> a.apiGet(api + x.fileId())));
		all.add(new Endpoint("api: download", Level.VIEW, false, 200, false,
				(a, x) -> a.apiGet(api + x.fileId() + "/content")));
		all.add(new Endpoint("api: versions", Level.VIEW, false, 200, false,
				(a, x) -> a.apiGet(api + x.fileId() + "/versions")));
		all.add(new Endpoint("api: download version", Level.VIEW, false, 200, false,
				(a, x) -> a.apiGet(api + x.fileId() + "/versions/1/content")));
		all.add(new Endpoint("api: upload version", Level.EDIT, false, 200, true,
				(a, x) -> a.send(a.api(api + x.fileId() + "/content")
					.header("Content-Type", "application/octet-stream")
					.PUT(BodyPublishers.ofString("new content")))));
		all.add(new Endpoint("api: restore", Level.EDIT, false, 200, true,
				(a, x) -> a.send(a.api(api + x.fileId() + "/versions/1/restore").POST(BodyPublishers.noBody()))));
		all.add(new Endpoint("api: delete version", Level.OWNER, false, 204, true,
				(a, x) -> a.apiDelete(api + x.fileId() + "/versions/1")));
		all.add(new Endpoint("api: rename", Level.OWNER, false, 200, true,
				(a, x) -> a.apiJson("PATCH", api + x.fileId(), "{\"name\":\"r-" + System.nanoTime() + ".txt\"}")));
		all.add(new Endpoint("api: delete file", Level.OWNER, false, 204, true,
				(a, x) -> a.apiDelete(api + x.fileId())));
		all.add(new Endpoint("api: list shares", Level.OWNER, false, 200, false,
				(a, x) -> a.apiGet(api + x.fileId() + "/shares")));
		all.add(new Endpoint("api: share", Level.OWNER, false, 201, true,
				(a, x) -> a.apiJson("PUT", api + x.fileId() + "/shares/friend", "{\"permission\":\"READ\"}")));
		all.add(new Endpoint("api: change share", Level.OWNER, false, 200, true,
				(a, x) -> a.apiJson("PUT", api + x.fileId() + "/shares/reader", "{\"permission\":\"EDIT\"}")));
		all.add(new Endpoint("api: revoke share", Level.OWNER, false, 204, true,
				(a, x) -> a.apiDelete(api + x.fileId() + "/shares/reader")));
		all.add(new Endpoint("api: comments", Level.VIEW, false, 200, false,
				(a, x) -> a.apiGet(api + x.fileId() + "/comments")));
		all.add(new Endpoint("api: comment", Level.VIEW, false, 201, true,
				(a, x) -> a.apiJson("POST", api + x.fileId() + "/comments", "{\"body\":\"hello\"}")));
		all.add(new Endpoint("api: delete owner's comment", Level.OWNER, false, 204, true,
				(a, x) -> a.apiDelete(api + x.fileId() + "/comments/" + x.commentId())));
		all.add(new Endpoint("api: shared with me", Level.SIGNED_IN, false, 200, false,
				(a, x) -> a.apiGet("/api/v1/shared-with-me")));
		// Public links: managed by the file's owner alone while editors may not make them
		// (EditorLinksTest covers editors who may), on the file's page and in the API.
		all.add(new Endpoint("page: create link", Level.OWNER, true, 302, true,
				(a, x) -> a.post(f + x.fileId() + "/links", "expiresInDays", "7", "password", "", "maxDownloads", "",
						"version", "latest")));
		all.add(new Endpoint("page: revoke link", Level.OWNER, true, 302, true,
				(a, x) -> a.post(f + x.fileId() + "/links/" + x.linkId() + "/revoke")));
		all.add(new Endpoint("api: list links", Level.OWNER, false, 200, false,
				(a, x) -> a.apiGet(api + x.fileId() + "/links")));
		all.add(new Endpoint("api: create link", Level.OWNER, false, 201, true,
				(a, x) -> a.apiJson("POST", api + x.fileId() + "/links", "{\"maxDownloads\":3}")));
		all.add(new Endpoint("api: revoke link", Level.OWNER, false, 204, true,
				(a, x) -> a.apiDelete(api + x.fileId() + "/links/" + x.linkId())));
		// Whether editors may make links: anyone who sees the file may ask, the owner
		// decides (off in the fixture, so the editor's link calls above are refused).
		all.add(new Endpoint("page: link policy", Level.OWNER, true, 302, true,
				(a, x) -> a.post(f + x.fileId() + "/link-policy", "editorsMayCreateLinks", "true")));
		all.add(new Endpoint("api: link policy", Level.VIEW, false, 200, false,
				(a, x) -> a.apiGet(api + x.fileId() + "/link-policy")));
		all.add(new Endpoint("api: set link policy", Level.OWNER, false, 200, true,
				(a, x) -> a.apiJson("PUT", api + x.fileId() + "/link-policy", "{\"editorsMayCreateLinks\":true}")));
		// A public link's own two addresses: open to anyone with the URL, the download
		// only to a session that entered the password.
		all.add(new Endpoint("link: page", Level.LINK, true, 200, false, (a, x) -> a.get("/s/" + x.linkToken())));
		all.add(new Endpoint("link: download", Level.LINK, true, 200, false,
				(a, x) -> a.get("/s/" + x.linkToken() + "/download")));
		// Request links: every signed-in user has their own; nobody sees another's.
		all.add(new Endpoint("page: requests", Level.SIGNED_IN, true, 200, false, (a, x) -> a.get("/requests"),
				REQUEST_TITLE));
		all.add(new Endpoint("page: create request", Level.SIGNED_IN, true, 302, true, (a, x) -> a.post("/requests",
				"title", "own", "expiresIn", "7", "password", "", "maxFiles", "3", "maxSizeMb", "1")));
		all.add(new Endpoint("page: revoke request", Level.REQUEST_OWNER, true, 302, true,
				(a, x) -> a.post("/requests/" + x.requestId() + "/revoke")));
		all.add(new Endpoint("page: received", Level.SIGNED_IN, true, 200, false, (a, x) -> a.get("/requests/received"),
				SENDER));
		all.add(new Endpoint("api: requests", Level.SIGNED_IN, false, 200, false,
				(a, x) -> a.apiGet("/api/v1/requests"), REQUEST_TITLE));
		all.add(new Endpoint("api: create request", Level.SIGNED_IN, false, 201, true, (a, x) -> a.apiJson("POST",
				"/api/v1/requests", "{\"title\":\"own\",\"maxFiles\":3,\"maxBytes\":1000}")));
		all.add(new Endpoint("api: request", Level.REQUEST_OWNER, false, 200, false,
				(a, x) -> a.apiGet("/api/v1/requests/" + x.requestId())));
		all.add(new Endpoint("api: revoke request", Level.REQUEST_OWNER, false, 204, true,
				(a, x) -> a.apiDelete("/api/v1/requests/" + x.requestId())));
		all.add(new Endpoint("api: received", Level.SIGNED_IN, false, 200, false,
				(a, x) -> a.apiGet("/api/v1/received"), SENDER));
		return all;
	}

	/** The status the policy promises {@code actor} at {@code endpoint}. */
	static int expected(Endpoint endpoint, Actor actor) {
		if (endpoint.level() == Level.LINK) {
			// The link's page answers anyone with the URL (a password form until
			// unlocked); the download sends everyone but the unlocked session to it.
			boolean download = endpoint.name().endsWith("download");
			return (!download || actor == linkHolder) ? endpoint.success() : 303;
		}
		if (actor == anonymous || actor == linkHolder) {
			return endpoint.page() ? 302 : 401;
		}
		if (endpoint.level() == Level.SIGNED_IN || actor == owner) {
			return endpoint.success();
		}
		if (actor == stranger || actor == revoked || endpoint.level() == Level.REQUEST_OWNER) {
			return 404;
		}
		boolean allowed = switch (endpoint.level()) {
			case VIEW -> true;
			case EDIT -> actor == editor;
			default -> false;
		};
		return allowed ? endpoint.success() : 403;
	}

	@Test
	void everyEndpoint_answersEveryActor_asTheAccessPolicySays() {
		List<Actor> actors = List.of(owner, editor, reader, stranger, revoked, anonymous, linkHolder);
		Map<String, String> mismatches = new LinkedHashMap<>();
		int checked = 0;
		Fixture shared = fixture();
		String sharedName = nameOf(shared.fileId());
		assertThat(linkHolder.post("/s/" + shared.linkToken(), "password", LINK_PASSWORD).statusCode())
			.as("the link holder unlocks the shared file's link")
			.isEqualTo(302);
		HttpResponse<String> sent = Actor.sendThroughRequestLink(server.client(), shared.requestToken(), SENDER,
				"sender@example.org", "for the matrix", "received.txt", "received content");
		assertThat(sent.statusCode()).as("a file arrives through the shared request link").isEqualTo(302);
		for (Endpoint endpoint : endpoints()) {
			for (Actor actor : actors) {
				int want = expected(endpoint, actor);
				// A change that is allowed gets a file of its own; refusals all go to the
				// shared file, which must come out of the whole table unchanged.
				boolean allowed = want < 400 && actor != anonymous && actor != linkHolder;
				Fixture fixture = (endpoint.mutates() && allowed) ? fixture() : shared;
				HttpResponse<String> response = endpoint.call().apply(actor, fixture);
				checked++;
				if (response.statusCode() != want) {
					mismatches.put(endpoint.name() + " × " + actor,
							"expected " + want + ", got " + response.statusCode());
				}
				else if (want == 302 && (actor == anonymous || actor == linkHolder)) {
					assertThat(response.headers().firstValue("Location").orElseThrow())
						.as(endpoint.name() + " × anonymous")
						.endsWith("/login");
				}
				else if (want == 404 && !endpoint.page()) {
					// A stranger's 404 reads exactly like a file that does not exist.
					assertThat(response.body()).as(endpoint.name() + " × " + actor)
						.containsAnyOf("There is no such file.", "There is no such version of this file.",
								"You have no such request link.")
						.doesNotContain("matrix-");
				}
				else if (want == 303) {
					assertThat(response.headers().firstValue("Location").orElseThrow())
						.as(endpoint.name() + " × " + actor)
						.endsWith("/s/" + shared.linkToken());
				}
				else if (endpoint.name().equals("link: download") && want == 200) {
					assertThat(response.body()).as("the link serves the current version").isEqualTo("version two");
				}
				else if (endpoint.ownerSees() != null && want == 200) {
					if (actor == owner) {
						assertThat(response.body()).as(endpoint.name() + " × owner").contains(endpoint.ownerSees());
					}
					else {
						assertThat(response.body()).as(endpoint.name() + " × " + actor)
							.doesNotContain(endpoint.ownerSees());
					}
				}
			}
		}
		assertThat(mismatches).as("endpoint × actor → status").isEmpty();
		assertThat(checked).isEqualTo(endpoints().size() * actors.size());
		String base = "/api/v1/files/" + shared.fileId();
		assertThat(owner.apiGet(base).body()).as("the file every refusal was aimed at")
			.contains("\"name\":\"" + sharedName + "\"")
			.contains("\"versionCount\":2");
		assertThat(owner.apiGet(base + "/content").body()).isEqualTo("version two");
		String shares = owner.apiGet(base + "/shares").body();
		assertThat(shares).contains("\"username\":\"editor\",\"permission\":\"EDIT\"")
			.contains("\"username\":\"reader\",\"permission\":\"READ\"")
			.doesNotContain("friend", "revoked");
		assertThat(owner.apiGet(base + "/comments").body()).contains(shared.commentId()).doesNotContain("hello");
		assertThat(owner.apiGet(base + "/links").body()).as("the shared file's links")
			.contains("\"id\":\"" + shared.linkId() + "\",\"fileId\":\"" + shared.fileId() + "\",\"status\":\"active\"")
			.doesNotContain("\"maxDownloads\":3");
		assertThat(owner.apiGet(base + "/link-policy").body()).isEqualTo("{\"editorsMayCreateLinks\":false}");
		assertThat(owner.apiGet("/api/v1/requests/" + shared.requestId()).body()).as("the shared request link")
			.contains("\"status\":\"open\"")
			.contains("\"receivedFiles\":1");
	}

}
