package dev.coffer.server.sharing;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.account.AccountService;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While an account is disabled nothing of its own is reachable by anyone else, and
 * enabling it brings everything back: erin's public links to a file and a folder, her
 * request link, and what she shared with bob (a file he may edit, a folder he may read),
 * on the API, the pages and WebDAV, against the running server.
 */
class DisabledOwnerTest {

	static final String SHARED = "/dav/Shared%20with%20me/";

	static TestServer server;

	static Actor erin;

	static Actor bob;

	static String bobToken;

	static String fileId;

	static String folderId;

	static String fileLink;

	static String folderLink;

	static String requestLink;

	@BeforeAll
	static void start() {
		server = TestServer.start("coffer.requests.min-fill-time=0s");
		Actor.signedUp(server, "root"); // the first account, the administrator
		erin = Actor.signedUp(server, "erin");
		bob = Actor.signedUp(server, "bob");
		fileId = erin.upload("erinfile.txt", "erin's words");
		HttpResponse<String> folder = erin.apiJson("POST", "/api/v1/folders", "{\"name\":\"proj\"}");
		assertThat(folder.statusCode()).as(folder.body()).isEqualTo(201);
		folderId = Actor.field(folder.body(), "id");
		HttpResponse<String> plan = erin.send(erin.api("/api/v1/paths/proj/plan.txt")
			.header("Content-Type", "application/octet-stream")
			.PUT(BodyPublishers.ofString("the plan")));
		assertThat(plan.statusCode()).as(plan.body()).isEqualTo(201);
		assertThat(erin.share(fileId, "bob", "EDIT")).isIn(200, 201);
		assertThat(erin.apiJson("PUT", "/api/v1/folders/" + folderId + "/shares/bob", "{\"permission\":\"READ\"}")
			.statusCode()).isIn(200, 201);
		fileLink = Actor.field(erin.apiJson("POST", "/api/v1/files/" + fileId + "/links", "{}").body(), "token");
		folderLink = Actor.field(erin.apiJson("POST", "/api/v1/folders/" + folderId + "/links", "{}").body(), "token");
		requestLink = Actor.field(
				erin.apiJson("POST", "/api/v1/requests", "{\"title\":\"erin drop\",\"maxFiles\":5,\"maxBytes\":100000}")
					.body(),
				"token");
		HttpResponse<String> made = bob.client.submit("/account", "/account/tokens",
				Map.of("name", "WebDAV", "expiresIn", "30"));
		assertThat(made.statusCode()).as(made.body()).isEqualTo(302);
		Element shown = WebClient.html(bob.get("/account")).selectFirst("input[aria-label=New API token]");
		bobToken = shown.attr("value");
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void disablingTheOwner_closesHerLinksAndShares_andEnablingOpensThemAgain() {
		WebClient visitor = server.client();
		assertEverythingReachable(visitor);
		String action = Actor.requestFormAction(visitor, requestLink);

		server.bean(AccountService.class).setEnabled("erin", false);

		// Her links: 410, a page that says the link cannot be used now, no file bytes.
		for (String path : new String[] { "/s/" + fileLink, "/s/" + fileLink + "/download", "/s/" + folderLink,
				"/r/" + requestLink }) {
			HttpResponse<String> gone = visitor.get(path);
			assertThat(gone.statusCode()).as(path).isEqualTo(410);
			assertThat(gone.body()).as(path).contains("cannot be used at the moment").doesNotContain("erin's words");
		}
		HttpResponse<String> folderZip = visitor.get("/s/" + folderLink + "/zip");
		assertThat(folderZip.statusCode()).isEqualTo(410);
		HttpResponse<String> dropped = Actor.postToRequestForm(visitor, action, "mallory", "m@example.com", "", "x.txt",
				"into a disabled account");
		assertThat(dropped.statusCode()).isEqualTo(410);
		assertThat(dropped.body()).contains("cannot be used at the moment");
		HttpResponse<String> api = visitor.send(
				visitor.request("/s/" + fileLink + "/download").setHeader("Accept", "application/json").GET().build());
		assertThat(api.statusCode()).isEqualTo(410);

		// What she shared with bob: as if it had never been shared.
		assertThat(bob.apiGet("/api/v1/files/" + fileId).statusCode()).isEqualTo(404);
		assertThat(bob.apiGet("/api/v1/files/" + fileId + "/content").statusCode()).isEqualTo(404);
		HttpResponse<String> write = bob.send(bob.api("/api/v1/files/" + fileId + "/content")
			.header("Content-Type", "application/octet-stream")
			.PUT(BodyPublishers.ofString("bob writes into a disabled account")));
		assertThat(write.statusCode()).as(write.body()).isEqualTo(404);
		assertThat(bob.apiGet("/api/v1/folders/" + folderId + "/entries").statusCode()).isEqualTo(404);
		assertThat(bob.apiGet("/api/v1/shared-with-me").body()).doesNotContain("erinfile.txt");
		assertThat(bob.apiGet("/api/v1/shared-with-me/folders").body()).doesNotContain("proj");
		assertThat(bob.get("/shared-with-me").body()).doesNotContain("erinfile.txt").doesNotContain("proj");
		assertThat(bob.get("/files/" + fileId).statusCode()).isEqualTo(404);
		HttpResponse<String> dav = dav("PROPFIND", SHARED, "1");
		assertThat(dav.statusCode()).isEqualTo(207);
		assertThat(dav.body()).doesNotContain(SHARED + "erin/");
		assertThat(dav("GET", SHARED + "erin/erinfile.txt", null).statusCode()).isEqualTo(404);
		assertThat(dav("GET", SHARED + "erin/proj/plan.txt", null).statusCode()).isEqualTo(404);

		// Nothing was deleted: enabling her again brings it all back.
		server.bean(AccountService.class).setEnabled("erin", true);
		assertEverythingReachable(visitor);
	}

	private static void assertEverythingReachable(WebClient visitor) {
		HttpResponse<String> download = visitor.get("/s/" + fileLink + "/download");
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.body()).isEqualTo("erin's words");
		assertThat(visitor.get("/s/" + folderLink).statusCode()).isEqualTo(200);
		assertThat(visitor.get("/r/" + requestLink).statusCode()).isEqualTo(200);
		assertThat(bob.apiGet("/api/v1/files/" + fileId + "/content").body()).isEqualTo("erin's words");
		assertThat(bob.apiGet("/api/v1/folders/" + folderId + "/entries").body()).contains("plan.txt");
		assertThat(bob.apiGet("/api/v1/shared-with-me").body()).contains("erinfile.txt");
		assertThat(bob.apiGet("/api/v1/shared-with-me/folders").body()).contains("proj");
		assertThat(dav("PROPFIND", SHARED, "1").body()).contains(SHARED + "erin/");
		assertThat(dav("GET", SHARED + "erin/proj/plan.txt", null).body()).isEqualTo("the plan");
	}

	private static HttpResponse<String> dav(String method, String path, String depth) {
		String basic = Base64.getEncoder().encodeToString(("bob:" + bobToken).getBytes(StandardCharsets.UTF_8));
		var request = bob.client.request(path)
			.setHeader("Accept", "*/*")
			.setHeader("Authorization", "Basic " + basic)
			.method(method, BodyPublishers.noBody());
		if (depth != null) {
			request.setHeader("Depth", depth);
		}
		return server.client().send(request.build());
	}

}
