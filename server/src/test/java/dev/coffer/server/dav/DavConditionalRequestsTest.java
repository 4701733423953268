package dev.coffer.server.dav;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code If-Match} and {@code If-None-Match} at {@code /dav/} on a real server over
 * HTTPS: a write whose condition is false is 412 and changes nothing; the entity tag is
 * the strong ETag a GET sends.
 */
class DavConditionalRequestsTest {

	static TestServer server;

	static DavClient alice;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		alice = new DavClient(server, "alice", DavAccounts.tokenOf(server, "alice"));
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void put_ifNoneMatchStar_overAFile_is412_andKeepsIt_butCreatesWhereNothingIs() {
		assertThat(alice.send("PUT", "/dav/once.txt", "first").statusCode()).isEqualTo(201);
		assertThat(alice.send("PUT", "/dav/once.txt", "second", "If-None-Match", "*").statusCode()).isEqualTo(412);
		assertThat(new String(alice.get("/dav/once.txt").body())).isEqualTo("first");
		assertThat(alice.send("PUT", "/dav/fresh.txt", "fresh", "If-None-Match", "*").statusCode()).isEqualTo(201);
		assertThat(new String(alice.get("/dav/fresh.txt").body())).isEqualTo("fresh");
	}

	@Test
	void put_ifMatch_overwritesOnlyTheVersionItNames() {
		alice.send("PUT", "/dav/draft.txt", "draft 1");
		String first = etag("/dav/draft.txt");
		assertThat(alice.send("PUT", "/dav/draft.txt", "draft 2", "If-Match", first).statusCode()).isEqualTo(204);
		assertThat(alice.send("PUT", "/dav/draft.txt", "draft 3", "If-Match", first).statusCode()).isEqualTo(412);
		String second = etag("/dav/draft.txt");
		assertThat(second).isNotEqualTo(first);
		assertThat(alice.send("PUT", "/dav/draft.txt", "draft 3", "If-Match", "W/" + second).statusCode())
			.as("a weak tag never matches If-Match")
			.isEqualTo(412);
		assertThat(alice.send("PUT", "/dav/draft.txt", "draft 3", "If-Match", "\"other\", " + second).statusCode())
			.isEqualTo(204);
		assertThat(new String(alice.get("/dav/draft.txt").body())).isEqualTo("draft 3");
		String third = etag("/dav/draft.txt");
		assertThat(alice.send("PUT", "/dav/draft.txt", "draft 4", "If-None-Match", third).statusCode()).isEqualTo(412);
		assertThat(alice.send("PUT", "/dav/draft.txt", "draft 4", "If-Match", third, "If-None-Match", "*").statusCode())
			.as("both are checked")
			.isEqualTo(412);
		assertThat(new String(alice.get("/dav/draft.txt").body())).isEqualTo("draft 3");
	}

	@Test
	void ifMatchStar_whereNothingIs_is412_andCreatesNothing() {
		assertThat(alice.send("PUT", "/dav/nothing.txt", "x", "If-Match", "*").statusCode()).isEqualTo(412);
		assertThat(alice.get("/dav/nothing.txt").statusCode()).isEqualTo(404);
		assertThat(alice.send("MKCOL", "/dav/nothing", null, "If-Match", "*").statusCode()).isEqualTo(412);
		assertThat(alice.send("PROPFIND", "/dav/nothing", null, "Depth", "0").statusCode()).isEqualTo(404);
	}

	@Test
	void deleteMoveAndCopy_withAStaleEtag_are412_andChangeNothing() {
		alice.send("PUT", "/dav/kept.txt", "old");
		String stale = etag("/dav/kept.txt");
		alice.send("PUT", "/dav/kept.txt", "new");
		String current = etag("/dav/kept.txt");
		assertThat(alice.send("DELETE", "/dav/kept.txt", null, "If-Match", stale).statusCode()).isEqualTo(412);
		assertThat(alice
			.send("MOVE", "/dav/kept.txt", null, "Destination", server.baseUrl() + "/dav/moved.txt", "If-Match", stale)
			.statusCode()).isEqualTo(412);
		assertThat(alice
			.send("COPY", "/dav/kept.txt", null, "Destination", server.baseUrl() + "/dav/copied.txt", "If-Match", stale)
			.statusCode()).isEqualTo(412);
		assertThat(alice.get("/dav/moved.txt").statusCode()).isEqualTo(404);
		assertThat(alice.get("/dav/copied.txt").statusCode()).isEqualTo(404);
		assertThat(new String(alice.get("/dav/kept.txt").body())).isEqualTo("new");
		assertThat(alice
			.send("MOVE", "/dav/kept.txt", null, "Destination", server.baseUrl() + "/dav/moved.txt", "If-Match",
					current)
			.statusCode()).isEqualTo(201);
		assertThat(alice.send("DELETE", "/dav/moved.txt", null, "If-Match", current).statusCode()).isEqualTo(204);
		assertThat(alice.get("/dav/moved.txt").statusCode()).isEqualTo(404);
	}

	@Test
	void aFolder_matchesOnlyStar() {
		assertThat(alice.send("MKCOL", "/dav/box", null).statusCode()).isEqualTo(201);
		assertThat(alice.send("MKCOL", "/dav/box", null, "If-None-Match", "*").statusCode()).isEqualTo(412);
		assertThat(alice.send("DELETE", "/dav/box", null, "If-Match", "\"abc\"").statusCode()).isEqualTo(412);
		assertThat(alice.send("DELETE", "/dav/box", null, "If-Match", "*").statusCode()).isEqualTo(204);
	}

	@Test
	void get_ifMatchStale_is412_andIfNoneMatchCurrent_is304() {
		alice.send("PUT", "/dav/read.txt", "read me");
		String etag = etag("/dav/read.txt");
		assertThat(alice.get("/dav/read.txt", "If-Match", "\"stale\"").statusCode()).isEqualTo(412);
		HttpResponse<byte[]> matching = alice.get("/dav/read.txt", "If-Match", etag);
		assertThat(matching.statusCode()).isEqualTo(200);
		assertThat(new String(matching.body())).isEqualTo("read me");
		assertThat(alice.get("/dav/read.txt", "If-None-Match", etag).statusCode()).isEqualTo(304);
	}

	private static String etag(String path) {
		return alice.get(path).headers().firstValue("ETag").orElseThrow();
	}

}
