package dev.coffer.server.dav;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code coffer.dav.macos-metadata=ignore} on a real server over HTTPS: Finder's
 * {@code ._*} and {@code .DS_Store} files are answered as stored and stored nowhere, and
 * are on no path, also ones stored before (here through the API, which the setting does
 * not concern). The default, {@code accept}, is DavMethodsTest's.
 */
class DavMacosMetadataTest {

	static TestServer server;

	static WebClient browser;

	static DavClient alice;

	@BeforeAll
	static void start() {
		server = TestServer.start("coffer.dav.macos-metadata=ignore");
		DavAccounts.Account account = DavAccounts.signUp(server, "alice");
		browser = account.browser();
		alice = new DavClient(server, "alice", account.token());
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void put_ofFindersFiles_isAnsweredAsStored_butStoresNothing() {
		assertThat(alice.send("MKCOL", "/dav/Photos", null).statusCode()).isEqualTo(201);
		long before = fileCount();
		assertThat(alice.send("PUT", "/dav/Photos/.DS_Store", "finder state").statusCode()).isEqualTo(201);
		assertThat(alice.send("PUT", "/dav/Photos/._holiday.jpg", "resource fork").statusCode()).isEqualTo(201);
		assertThat(alice.send("PUT", "/dav/Photos/._holiday.jpg", "again").statusCode()).isEqualTo(201);
		assertThat(fileCount()).isEqualTo(before);
		assertThat(alice.get("/dav/Photos/.DS_Store").statusCode()).isEqualTo(404);
		assertThat(alice.get("/dav/Photos/._holiday.jpg").statusCode()).isEqualTo(404);
		assertThat(alice.send("PROPFIND", "/dav/Photos/._holiday.jpg", null, "Depth", "0").statusCode()).isEqualTo(404);
	}

	@Test
	void findersFilesStoredBefore_areNotListed_butOtherDotFilesAre() {
		assertThat(browser
			.send(browser.apiRequest("/api/v1/paths/Old/._note.txt")
				.setHeader("Content-Type", "application/octet-stream")
				.PUT(BodyPublishers.ofString("stored through the API"))
				.build())
			.statusCode()).isEqualTo(201);
		assertThat(alice.send("PUT", "/dav/Old/note.txt", "the note").statusCode()).isEqualTo(201);
		assertThat(alice.send("PUT", "/dav/Old/.hidden", "a dot file").statusCode()).isEqualTo(201);
		HttpResponse<String> listing = alice.send("PROPFIND", "/dav/Old/", null, "Depth", "1");
		assertThat(listing.statusCode()).isEqualTo(207);
		assertThat(listing.body()).contains("<D:href>/dav/Old/note.txt</D:href>")
			.contains("<D:href>/dav/Old/.hidden</D:href>")
			.doesNotContain("._note.txt");
		assertThat(alice.get("/dav/Old/._note.txt").statusCode()).isEqualTo(404);
		assertThat(new String(alice.get("/dav/Old/.hidden").body())).isEqualTo("a dot file");
	}

	private static long fileCount() {
		return server.bean(JdbcClient.class).sql("select count(*) from files").query(Long.class).single();
	}

}
