package dev.coffer.server.dav;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WebDAV's methods on a real server over HTTPS, as a client meets them: what each
 * answers, what it stores, and what it refuses, including another user's tree and
 * destinations outside the caller's reach.
 */
class DavMethodsTest {

	static TestServer server;

	static DavClient alice;

	static DavClient bob;

	@BeforeAll
	static void start() {
		server = TestServer.start("coffer.files.default-quota=1MB");
		alice = new DavClient(server, "alice", DavAccounts.tokenOf(server, "alice"));
		bob = new DavClient(server, "bob", DavAccounts.tokenOf(server, "bob"));
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void options_saysClasses1And2_andWhatMethodsThereAre() {
		HttpResponse<String> options = alice.send("OPTIONS", "/dav/", null);
		assertThat(options.statusCode()).isEqualTo(200);
		assertThat(options.headers().firstValue("DAV")).hasValue("1, 2");
		assertThat(options.headers().firstValue("MS-Author-Via")).hasValue("DAV");
		assertThat(options.headers().firstValue("Allow").orElseThrow()).contains("PROPFIND", "MKCOL", "COPY", "MOVE",
				"PUT", "DELETE", "LOCK", "UNLOCK");
	}

	@Test
	void webdavMethods_outsideDav_areRefusedBeforeAnyChain() {
		for (String method : new String[] { "PROPFIND", "MKCOL", "MOVE", "LOCK" }) {
			assertThat(alice.send(method, "/api/v1/files", null).statusCode()).as(method).isEqualTo(400);
		}
	}

	@Test
	void propfind_depthInfinityOrNone_is403_withPropfindFiniteDepth() {
		for (String[] depth : new String[][] { { "Depth", "infinity" }, {} }) {
			HttpResponse<String> response = alice.send("PROPFIND", "/dav/", null, depth);
			assertThat(response.statusCode()).isEqualTo(403);
			assertThat(response.body()).contains("<D:propfind-finite-depth/>");
		}
	}

	@Test
	void propfind_depth1_listsFoldersAndFiles_withEncodedHrefs_andTheirProperties() {
		assertThat(alice.send("MKCOL", "/dav/Reports%202026", null).statusCode()).isEqualTo(201);
		assertThat(alice.send("PUT", "/dav/Reports%202026/q1%20%E2%82%AC.txt", "hello").statusCode()).isEqualTo(201);
		HttpResponse<String> listing = alice.send("PROPFIND", "/dav/Reports%202026/", null, "Depth", "1");
		assertThat(listing.statusCode()).isEqualTo(207);
		assertThat(listing.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/xml");
		String body = listing.body();
		assertThat(body).contains("<D:href>/dav/Reports%202026/</D:href>")
			.contains("<D:href>/dav/Reports%202026/q1%20%E2%82%AC.txt</D:href>")
			.contains("<D:resourcetype><D:collection/></D:resourcetype>")
			.contains("<D:getcontentlength>5</D:getcontentlength>")
			.contains("<D:displayname>q1 €.txt</D:displayname>")
			.containsPattern("<D:getlastmodified>[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT<")
			.containsPattern("<D:creationdate>\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z<");
		String etag = alice.get("/dav/Reports%202026/q1%20%E2%82%AC.txt").headers().firstValue("ETag").orElseThrow();
		// The first 128 bits of the content's SHA-256: short enough for If headers.
		assertThat(etag).isEqualTo("\"" + sha256Hex("hello").substring(0, 32) + "\"");
		assertThat(body).contains("<D:getetag>" + etag + "</D:getetag>");
	}

	private static String sha256Hex(String content) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void propfind_prop_answersUnknownPropertiesWith404_andTheQuota() {
		alice.send("PUT", "/dav/quota.txt", "0123456789");
		String request = """
				<?xml version="1.0" encoding="utf-8"?>
				<D:propfind xmlns:D="DAV:" xmlns:X="urn:example"><D:prop>
				<D:quota-used-bytes/><D:quota-available-bytes/><X:colour/><D:getcontentlength/>
				</D:prop></D:propfind>""";
		HttpResponse<String> response = alice.send("PROPFIND", "/dav/", request, "Depth", "0");
		assertThat(response.statusCode()).isEqualTo(207);
		String body = response.body();
		assertThat(body).containsPattern("<D:quota-used-bytes>\\d+</D:quota-used-bytes>")
			.containsPattern("<D:quota-available-bytes>\\d+</D:quota-available-bytes>");
		long used = Long.parseLong(between(body, "<D:quota-used-bytes>", "<"));
		long available = Long.parseLong(between(body, "<D:quota-available-bytes>", "<"));
		assertThat(used).isGreaterThanOrEqualTo(10);
		assertThat(used + available).isEqualTo(1024 * 1024);
		// Unknown, and not defined on a folder: both in the 404 propstat.
		String missing = body.substring(body.indexOf("<D:propstat>", body.indexOf("200 OK")));
		assertThat(missing).contains("colour").contains("<D:getcontentlength/>").contains("HTTP/1.1 404 Not Found");
		assertThat(alice.send("PROPFIND", "/dav/", "<not-xml", "Depth", "0").statusCode()).isEqualTo(400);
	}

	@Test
	void proppatch_storesDeadProperties_allOrNothing_andTheyFollowMoveAndCopy() {
		alice.send("PUT", "/dav/tagged.txt", "tagged");
		String set = """
				<?xml version="1.0" encoding="utf-8"?>
				<D:propertyupdate xmlns:D="DAV:" xmlns:X="urn:example"><D:set><D:prop>
				<X:colour>blue &amp; <X:shade level="2">dark</X:shade></X:colour>
				</D:prop></D:set></D:propertyupdate>""";
		HttpResponse<String> patched = alice.send("PROPPATCH", "/dav/tagged.txt", set);
		assertThat(patched.statusCode()).isEqualTo(207);
		assertThat(patched.body()).contains("colour").contains("HTTP/1.1 200 OK");
		String refused = """
				<?xml version="1.0" encoding="utf-8"?>
				<D:propertyupdate xmlns:D="DAV:" xmlns:X="urn:example">
				<D:remove><D:prop><X:colour/></D:prop></D:remove>
				<D:set><D:prop><D:getcontentlength>1</D:getcontentlength></D:prop></D:set></D:propertyupdate>""";
		HttpResponse<String> failed = alice.send("PROPPATCH", "/dav/tagged.txt", refused);
		assertThat(failed.statusCode()).isEqualTo(207);
		assertThat(failed.body()).contains("HTTP/1.1 403 Forbidden").contains("HTTP/1.1 424 Failed Dependency");
		alice.send("MOVE", "/dav/tagged.txt", null, "Destination", "/dav/moved-tagged.txt");
		alice.send("COPY", "/dav/moved-tagged.txt", null, "Destination", "/dav/copied-tagged.txt");
		String ask = """
				<?xml version="1.0" encoding="utf-8"?>
				<D:propfind xmlns:D="DAV:"><D:prop><colour xmlns="urn:example"/></D:prop></D:propfind>""";
		for (String path : new String[] { "/dav/moved-tagged.txt", "/dav/copied-tagged.txt" }) {
			String body = alice.send("PROPFIND", path, ask, "Depth", "0").body();
			assertThat(body).as(path)
				.contains("blue &amp; <shade xmlns=\"urn:example\" level=\"2\">dark</shade>")
				.contains("HTTP/1.1 200 OK")
				.doesNotContain("404");
		}
		// A folder's listing looks its entries' properties up a page at a time.
		String listing = alice.send("PROPFIND", "/dav/", ask, "Depth", "1").body();
		String entry = listing.substring(listing.indexOf("<D:href>/dav/moved-tagged.txt</D:href>"));
		assertThat(entry.substring(0, entry.indexOf("</D:response>"))).contains("blue &amp; <shade");
		alice.send("DELETE", "/dav/copied-tagged.txt", null);
		assertThat(alice.send("PROPPATCH", "/dav/", set).body()).as("the top folder")
			.contains("HTTP/1.1 403 Forbidden");
	}

	@Test
	void get_withRange_is206_andIfNoneMatch_is304() {
		alice.send("PUT", "/dav/range.txt", "0123456789");
		HttpResponse<byte[]> part = alice.get("/dav/range.txt", "Range", "bytes=2-4");
		assertThat(part.statusCode()).isEqualTo(206);
		assertThat(new String(part.body(), StandardCharsets.UTF_8)).isEqualTo("234");
		assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 2-4/10");
		String etag = part.headers().firstValue("ETag").orElseThrow();
		assertThat(alice.get("/dav/range.txt", "If-None-Match", etag).statusCode()).isEqualTo(304);
		HttpResponse<String> head = alice.send("HEAD", "/dav/range.txt", null);
		assertThat(head.statusCode()).isEqualTo(200);
		assertThat(head.headers().firstValue("Content-Length")).hasValue("10");
	}

	@Test
	void put_chunkedWithExpectContinue_storesEveryByte_andOverwritingAddsAVersion() {
		byte[] content = new byte[300 * 1024 + 7];
		new Random(13).nextBytes(content);
		HttpRequest chunked = alice
			.request("PUT", "/dav/big.bin",
					HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(content)))
			.expectContinue(true)
			.build();
		assertThat(chunked.bodyPublisher().orElseThrow().contentLength()).as("no Content-Length").isNegative();
		assertThat(alice.send(chunked).statusCode()).isEqualTo(201);
		assertThat(alice.get("/dav/big.bin").body()).isEqualTo(content);
		assertThat(alice.send("PUT", "/dav/big.bin", "smaller now").statusCode()).isEqualTo(204);
		assertThat(alice.get("/dav/big.bin").body()).asString().isEqualTo("smaller now");
		assertThat(versionsOf("big.bin")).isEqualTo(2);
	}

	/**
	 * Finder and Windows create a file empty, then write its content: both steps work,
	 * and the content replaces the empty version instead of following it, so a new file
	 * has one version. A later version is kept, empty or not.
	 */
	@Test
	void put_ofAnEmptyFile_createsIt_andTheContentThatFollowsReplacesTheEmptyVersion() {
		assertThat(alice.send("PUT", "/dav/new%20text%20document.txt", "").statusCode()).isEqualTo(201);
		HttpResponse<byte[]> empty = alice.get("/dav/new%20text%20document.txt");
		assertThat(empty.statusCode()).isEqualTo(200);
		assertThat(empty.body()).isEmpty();
		assertThat(empty.headers().firstValue("Content-Length")).hasValue("0");
		assertThat(alice.send("PROPFIND", "/dav/new%20text%20document.txt", null, "Depth", "0").body())
			.contains("<D:getcontentlength>0</D:getcontentlength>");
		assertThat(alice.send("PUT", "/dav/new%20text%20document.txt", "written after").statusCode()).isEqualTo(204);
		assertThat(alice.get("/dav/new%20text%20document.txt").body()).asString().isEqualTo("written after");
		assertThat(versionsOf("new text document.txt")).isEqualTo(1);
		assertThat(alice.send("PUT", "/dav/new%20text%20document.txt", "").statusCode()).isEqualTo(204);
		assertThat(alice.send("PUT", "/dav/new%20text%20document.txt", "written again").statusCode()).isEqualTo(204);
		assertThat(versionsOf("new text document.txt")).isEqualTo(3);
	}

	@Test
	void put_overTheQuota_is507_andStoresNothing() {
		byte[] tooBig = new byte[1024 * 1024 + 1];
		assertThat(alice
			.send(alice.request("PUT", "/dav/too-big.bin", HttpRequest.BodyPublishers.ofByteArray(tooBig)).build())
			.statusCode()).as("declared length").isEqualTo(507);
		assertThat(
				alice
					.send(alice
						.request("PUT", "/dav/too-big.bin",
								HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(tooBig)))
						.build())
					.statusCode())
			.as("chunked")
			.isEqualTo(507);
		assertThat(alice.get("/dav/too-big.bin").statusCode()).isEqualTo(404);
		assertThat(versionsOf("too-big.bin")).isZero();
	}

	@Test
	void put_intoAMissingFolder_is409_andMakesNoFolder() {
		assertThat(alice.send("PUT", "/dav/nowhere/file.txt", "x").statusCode()).isEqualTo(409);
		assertThat(alice.send("PROPFIND", "/dav/nowhere/", null, "Depth", "0").statusCode()).isEqualTo(404);
	}

	@Test
	void mkcol_refusesWhatExists_aMissingParent_andABody() {
		assertThat(alice.send("MKCOL", "/dav/made", null).statusCode()).isEqualTo(201);
		assertThat(alice.send("MKCOL", "/dav/made", null).statusCode()).isEqualTo(405);
		assertThat(alice.send("MKCOL", "/dav/missing/made", null).statusCode()).isEqualTo(409);
		assertThat(alice.send("MKCOL", "/dav/with-body", "<x/>").statusCode()).isEqualTo(415);
		assertThat(alice.send("PROPFIND", "/dav/with-body", null, "Depth", "0").statusCode()).isEqualTo(404);
	}

	@Test
	void findersFiles_byDefault_areStoredAndListedLikeAnyFile() {
		assertThat(alice.send("MKCOL", "/dav/Finder", null).statusCode()).isEqualTo(201);
		assertThat(alice.send("PUT", "/dav/Finder/.DS_Store", "finder state").statusCode()).isEqualTo(201);
		assertThat(alice.send("PUT", "/dav/Finder/._photo.jpg", "resource fork").statusCode()).isEqualTo(201);
		assertThat(new String(alice.get("/dav/Finder/._photo.jpg").body())).isEqualTo("resource fork");
		assertThat(alice.send("PROPFIND", "/dav/Finder/", null, "Depth", "1").body())
			.contains("<D:href>/dav/Finder/.DS_Store</D:href>")
			.contains("<D:href>/dav/Finder/._photo.jpg</D:href>");
	}

	@Test
	void delete_putsFilesAndFoldersInTheTrash() {
		alice.send("PUT", "/dav/to-delete.txt", "bye");
		alice.send("MKCOL", "/dav/folder-to-delete", null);
		assertThat(alice.send("DELETE", "/dav/to-delete.txt", null).statusCode()).isEqualTo(204);
		assertThat(alice.send("DELETE", "/dav/folder-to-delete/", null).statusCode()).isEqualTo(204);
		assertThat(alice.get("/dav/to-delete.txt").statusCode()).isEqualTo(404);
		JdbcClient jdbc = server.bean(JdbcClient.class);
		assertThat(
				jdbc.sql("select count(*) from files where trashed_name = 'to-delete.txt' and trashed_at is not null")
					.query(Long.class)
					.single())
			.isEqualTo(1);
		assertThat(jdbc
			.sql("select count(*) from folders where trashed_name = 'folder-to-delete' and trashed_at is not null")
			.query(Long.class)
			.single()).isEqualTo(1);
		assertThat(alice.send("DELETE", "/dav/", null).statusCode()).as("the top folder").isEqualTo(403);
	}

	@Test
	void copyAndMove_stayOnThisServer_insideDav_andRespectOverwrite() {
		alice.send("PUT", "/dav/source.txt", "source");
		alice.send("PUT", "/dav/target.txt", "target");
		String host = "localhost:" + server.port();
		assertThat(alice.send("MOVE", "/dav/source.txt", null, "Destination", "https://elsewhere.example/dav/moved.txt")
			.statusCode()).as("another host").isEqualTo(502);
		assertThat(alice.send("MOVE", "/dav/source.txt", null, "Destination", "https://" + host + "/api/v1/x")
			.statusCode()).as("outside /dav/").isEqualTo(403);
		assertThat(alice
			.send("COPY", "/dav/source.txt", null, "Destination", "https://" + host + "/dav/target.txt", "Overwrite",
					"F")
			.statusCode()).as("Overwrite: F").isEqualTo(412);
		assertThat(alice.get("/dav/target.txt").body()).asString().isEqualTo("target");
		assertThat(alice.get("/dav/source.txt").body()).asString().isEqualTo("source");
		assertThat(alice.send("MOVE", "/dav/source.txt", null, "Destination", "/dav/moved.txt").statusCode())
			.isEqualTo(201);
		assertThat(alice.get("/dav/source.txt").statusCode()).isEqualTo(404);
		assertThat(alice.get("/dav/moved.txt").body()).asString().isEqualTo("source");
		assertThat(alice
			.send("COPY", "/dav/moved.txt", null, "Destination", "https://" + host + "/dav/target.txt", "Overwrite",
					"T")
			.statusCode()).isEqualTo(204);
		assertThat(alice.get("/dav/target.txt").body()).asString().isEqualTo("source");
	}

	/**
	 * How editors save: write a temporary file, then rename it over the original. The
	 * original must stay the same file, with the new content as its next version, so its
	 * share, public link and history survive every save.
	 */
	@Test
	void moveOverAnOwnFile_makesTheContentItsNextVersion_keepingItsShareLinkAndHistory() {
		DavAccounts.Account carol = DavAccounts.signUp(server, "carol");
		DavClient carolDav = new DavClient(server, "carol", carol.token());
		WebClient dave = server.signedUp("dave", DavAccounts.PASSWORD);
		assertThat(carolDav.send("PUT", "/dav/report.txt", "first draft").statusCode()).isEqualTo(201);
		String id = fileIdOf("carol", "report.txt");
		shareToRead(carol, id, "dave");
		HttpResponse<String> link = carol.browser()
			.send(carol.browser()
				.apiRequest("/api/v1/files/" + id + "/links")
				.header("Content-Type", "application/json")
				.POST(BodyPublishers.ofString("{}"))
				.build());
		assertThat(link.statusCode()).as(link.body()).isEqualTo(201);
		String linkToken = between(link.body(), "\"token\":\"", "\"");

		assertThat(carolDav.send("PUT", "/dav/.report.txt.tmp", "second draft").statusCode()).isEqualTo(201);
		assertThat(carolDav.send("MOVE", "/dav/.report.txt.tmp", null, "Destination", "/dav/report.txt").statusCode())
			.isEqualTo(204);

		assertThat(carolDav.get("/dav/report.txt").body()).asString().isEqualTo("second draft");
		assertThat(carolDav.get("/dav/.report.txt.tmp").statusCode()).isEqualTo(404);
		assertThat(fileIdOf("carol", "report.txt")).as("the same file").isEqualTo(id);
		assertThat(versionsOf("report.txt")).isEqualTo(2);
		HttpResponse<String> forDave = dave.send(dave.request("/api/v1/files/" + id + "/content").GET().build());
		assertThat(forDave.statusCode()).isEqualTo(200);
		assertThat(forDave.body()).isEqualTo("second draft");
		HttpResponse<String> throughLink = server.client().get("/s/" + linkToken + "/download");
		assertThat(throughLink.statusCode()).isEqualTo(200);
		assertThat(throughLink.body()).isEqualTo("second draft");
		String trash = carol.browser().send(carol.browser().apiRequest("/api/v1/trash").GET().build()).body();
		assertThat(trash).as("the temporary file went for good, not into the trash to count twice")
			.doesNotContain(".report.txt.tmp");
		assertThat(trash).doesNotContain("\"report.txt\"");

		// A file with a share of its own, moved over another, goes into the trash, share
		// and all, to be restored.
		assertThat(carolDav.send("PUT", "/dav/other.txt", "other").statusCode()).isEqualTo(201);
		String otherId = fileIdOf("carol", "other.txt");
		shareToRead(carol, otherId, "dave");
		assertThat(carolDav.send("MOVE", "/dav/other.txt", null, "Destination", "/dav/report.txt").statusCode())
			.isEqualTo(204);
		assertThat(carolDav.get("/dav/report.txt").body()).asString().isEqualTo("other");
		assertThat(carol.browser().send(carol.browser().apiRequest("/api/v1/trash").GET().build()).body())
			.contains("other.txt");

		// One with a history of its own (written twice) goes into the trash too: whether
		// it is bare is decided as it is deleted.
		assertThat(carolDav.send("PUT", "/dav/.draft.tmp", "one").statusCode()).isEqualTo(201);
		assertThat(carolDav.send("PUT", "/dav/.draft.tmp", "two").statusCode()).isEqualTo(204);
		assertThat(carolDav.send("MOVE", "/dav/.draft.tmp", null, "Destination", "/dav/report.txt").statusCode())
			.isEqualTo(204);
		assertThat(carolDav.get("/dav/report.txt").body()).asString().isEqualTo("two");
		assertThat(carol.browser().send(carol.browser().apiRequest("/api/v1/trash").GET().build()).body())
			.contains(".draft.tmp");
	}

	private static void shareToRead(DavAccounts.Account owner, String fileId, String username) {
		HttpResponse<String> shared = owner.browser()
			.send(owner.browser()
				.apiRequest("/api/v1/files/" + fileId + "/shares/" + username)
				.header("Content-Type", "application/json")
				.PUT(BodyPublishers.ofString("{\"permission\":\"READ\"}"))
				.build());
		assertThat(shared.statusCode()).as(shared.body()).isEqualTo(201);
	}

	@Test
	void namesWithAPercentSign_canBeWrittenListedReadAndMoved() {
		// "%" is a valid file name character (the web pages and the API take it); a
		// client sends it as %25.
		assertThat(alice.send("PUT", "/dav/100%25%20done.txt", "all of it").statusCode()).isEqualTo(201);
		assertThat(alice.get("/dav/100%25%20done.txt").body()).asString().isEqualTo("all of it");
		assertThat(alice.send("PROPFIND", "/dav/", null, "Depth", "1").body())
			.contains("<D:href>/dav/100%25%20done.txt</D:href>");
		assertThat(alice.send("MOVE", "/dav/100%25%20done.txt", null, "Destination", "/dav/50%25.txt").statusCode())
			.isEqualTo(201);
		assertThat(alice.get("/dav/50%25.txt").body()).asString().isEqualTo("all of it");
		// Decoded once: an encoded "%2e%2e" is a name like any other, never a step up.
		assertThat(alice.send("PUT", "/dav/%252e%252e", "dots").statusCode()).isEqualTo(201);
		assertThat(alice.send("PROPFIND", "/dav/", null, "Depth", "1").body())
			.contains("<D:displayname>%2e%2e</D:displayname>");
		// Outside /dav the firewall still refuses an encoded percent.
		assertThat(alice.send("GET", "/api/v1/paths/50%25.txt", null).statusCode()).isEqualTo(400);
	}

	@Test
	void namesWithASemicolon_rawOrEncoded_canBeWrittenListedReadAndMoved() {
		// ";" is a valid file name character; rclone sends it raw, other clients as %3B.
		assertThat(alice.send("PUT", "/dav/notes;%20draft.txt", "draft").statusCode()).isEqualTo(201);
		assertThat(alice.get("/dav/notes%3B%20draft.txt").body()).asString().isEqualTo("draft");
		assertThat(alice.send("PROPFIND", "/dav/", null, "Depth", "1").body())
			.contains("<D:href>/dav/notes%3B%20draft.txt</D:href>")
			.contains("<D:displayname>notes; draft.txt</D:displayname>");
		assertThat(alice.send("MOVE", "/dav/notes%3B%20draft.txt", null, "Destination", "/dav/notes;%20final.txt")
			.statusCode()).isEqualTo(201);
		assertThat(alice.get("/dav/notes;%20final.txt").body()).asString().isEqualTo("draft");
		// What follows a ";" is part of the name, not a path parameter that Tomcat drops
		// ("/dav/notes;x" would be "/dav/notes" to it): it names another file.
		assertThat(alice.get("/dav/notes").statusCode()).isEqualTo(404);
		assertThat(alice.send("PUT", "/dav/x;jsessionid=1", "x").statusCode()).isEqualTo(201);
		assertThat(alice.get("/dav/x").statusCode()).isEqualTo(404);
		assertThat(alice.get("/dav/x%3Bjsessionid=1").body()).asString().isEqualTo("x");
		// A ";" cannot take a request out of /dav: Tomcat drops the path parameter and
		// then resolves "..", so these would be /api/v1/files and /admin to it.
		assertThat(alice.send("GET", "/dav/..;/api/v1/files", null).statusCode()).isEqualTo(400);
		assertThat(alice.send("GET", "/dav/x/..;x/..;/admin", null).statusCode()).isEqualTo(400);
		assertThat(alice.send("PROPFIND", "/dav/..;/api/v1/files", null).statusCode()).isEqualTo(400);
		// Outside /dav the firewall still refuses it, raw or encoded.
		assertThat(alice.send("GET", "/api/v1/paths/notes%3B%20final.txt", null).statusCode()).isEqualTo(400);
		assertThat(alice.send("GET", "/api/v1/files;x", null).statusCode()).isEqualTo(400);
	}

	@Test
	void copyOfAFolder_depthInfinityCopiesEverything_depth0OnlyTheFolder() {
		alice.send("MKCOL", "/dav/tree", null);
		alice.send("MKCOL", "/dav/tree/inner", null);
		alice.send("PUT", "/dav/tree/inner/leaf.txt", "leaf");
		assertThat(alice.send("COPY", "/dav/tree/", null, "Destination", "/dav/tree-copy/").statusCode())
			.isEqualTo(201);
		assertThat(alice.get("/dav/tree-copy/inner/leaf.txt").body()).asString().isEqualTo("leaf");
		assertThat(
				alice.send("COPY", "/dav/tree/", null, "Destination", "/dav/tree-shallow/", "Depth", "0").statusCode())
			.isEqualTo(201);
		assertThat(alice.send("PROPFIND", "/dav/tree-shallow/", null, "Depth", "1").body()).doesNotContain("inner");
		assertThat(alice.send("MOVE", "/dav/tree/", null, "Destination", "/dav/tree/inner/tree").statusCode())
			.as("into itself")
			.isEqualTo(403);
	}

	@Test
	void anotherUsersTree_isNowhereToBeFound() {
		alice.send("MKCOL", "/dav/private", null);
		alice.send("PUT", "/dav/private/secret.txt", "alice only");
		assertThat(bob.get("/dav/private/secret.txt").statusCode()).isEqualTo(404);
		assertThat(bob.send("PROPFIND", "/dav/private/", null, "Depth", "1").statusCode()).isEqualTo(404);
		assertThat(bob.send("PROPFIND", "/dav/", null, "Depth", "1").body()).doesNotContain("private");
		assertThat(bob.send("DELETE", "/dav/private/secret.txt", null).statusCode()).isEqualTo(404);
		assertThat(bob.send("PUT", "/dav/private/secret.txt", "bob was here").statusCode()).isEqualTo(409);
		assertThat(bob.send("COPY", "/dav/private/secret.txt", null, "Destination", "/dav/mine.txt").statusCode())
			.isEqualTo(404);
		bob.send("PUT", "/dav/bobs.txt", "bob's");
		assertThat(bob.send("MOVE", "/dav/bobs.txt", null, "Destination", "/dav/private/bobs.txt").statusCode())
			.as("into a folder of alice's path: bob has none there")
			.isEqualTo(409);
		assertThat(alice.get("/dav/private/secret.txt").body()).asString().isEqualTo("alice only");
		assertThat(versionsOf("secret.txt")).isEqualTo(1);
	}

	private static String fileIdOf(String owner, String name) {
		return server.bean(JdbcClient.class)
			.sql("select f.id from files f join users u on u.id = f.owner_id where u.username = ? and f.name = ?")
			.params(owner, name)
			.query(String.class)
			.single();
	}

	private static long versionsOf(String name) {
		return server.bean(JdbcClient.class)
			.sql("select count(*) from file_versions v join files f on f.id = v.file_id where f.name = ?")
			.param(name)
			.query(Long.class)
			.single();
	}

	private static String between(String text, String start, String end) {
		int from = text.indexOf(start) + start.length();
		return text.substring(from, text.indexOf(end, from));
	}

}
