package dev.coffer.server.sharing.links;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import dev.coffer.server.SecretTokens;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static dev.coffer.server.sharing.links.LinkFixtures.PASSWORD;
import static dev.coffer.server.sharing.links.LinkFixtures.createLink;
import static dev.coffer.server.sharing.links.LinkFixtures.json;
import static dev.coffer.server.sharing.links.LinkFixtures.linkToken;
import static dev.coffer.server.sharing.links.LinkFixtures.listLinks;
import static dev.coffer.server.sharing.links.LinkFixtures.revokeLink;
import static dev.coffer.server.sharing.links.LinkFixtures.upload;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The owner makes, lists and revokes links, on the file's page and through the API;
 * nobody else can.
 */
class LinkManagementTest {

	static TestServer server;

	static JdbcClient jdbc;

	static WebClient alice;

	static WebClient bob;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		jdbc = server.bean(JdbcClient.class);
		alice = server.signedUp("alice", PASSWORD);
		bob = server.signedUp("bob", PASSWORD);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void createViaApi_returnsTheTokenOnce_andStoresOnlyItsSha256() {
		String fileId = upload(alice, "token-once.txt", "hello".getBytes());
		HttpResponse<String> created = createLink(alice, fileId,
				"{\"password\":\"open sesame 42\",\"maxDownloads\":5}");
		assertThat(created.statusCode()).isEqualTo(201);
		JsonNode link = json(created);
		String token = link.get("token").asString();
		String id = link.get("id").asString();
		assertThat(token).matches("[A-Za-z0-9_-]{43}");
		assertThat(link.get("url").asString()).isEqualTo(server.baseUrl() + "/s/" + token);
		assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/files/" + fileId + "/links/" + id);
		assertThat(link.get("passwordProtected").asBoolean()).isTrue();
		assertThat(link.get("maxDownloads").asInt()).isEqualTo(5);
		assertThat(link.has("password")).isFalse();

		HttpResponse<String> listed = listLinks(alice, fileId);
		assertThat(listed.statusCode()).isEqualTo(200);
		assertThat(listed.body()).contains(id).doesNotContain(token).doesNotContain("\"token\"");

		Map<String, Object> row = jdbc.sql("select * from links where id = ?").param(id).query().singleRow();
		assertThat(row.get("TOKEN_HASH")).isEqualTo(SecretTokens.hash(token));
		assertThat(row.values()).noneMatch((value) -> String.valueOf(value).contains(token));
		assertThat((String) row.get("PASSWORD_HASH")).startsWith("{argon2").doesNotContain("open sesame");
	}

	@Test
	void list_showsUseCountsAndLastUse_newestFirst() {
		String fileId = upload(alice, "counted.txt", "counted".getBytes());
		String first = linkToken(alice, fileId, "{}");
		linkToken(alice, fileId, "{\"maxDownloads\":3}");
		WebClient anonymous = server.client();
		assertThat(anonymous.get("/s/" + first + "/download").statusCode()).isEqualTo(200);
		assertThat(anonymous.get("/s/" + first + "/download").statusCode()).isEqualTo(200);

		JsonNode links = json(listLinks(alice, fileId));
		assertThat(links.size()).isEqualTo(2);
		JsonNode newest = links.get(0);
		JsonNode oldest = links.get(1);
		assertThat(newest.get("maxDownloads").asInt()).isEqualTo(3);
		assertThat(newest.get("downloads").asInt()).isZero();
		assertThat(newest.has("lastUsedAt")).isFalse();
		assertThat(oldest.get("downloads").asInt()).isEqualTo(2);
		assertThat(oldest.get("lastUsedAt").asString()).isNotBlank();
		assertThat(oldest.get("status").asString()).isEqualTo("active");
		assertThat(oldest.get("expiresAt").asString()).isNotBlank();
	}

	@Test
	void filePage_showsAUsedUpLink_mutedLikeAnExpiredOne_notGreenLikeAnActiveOne() {
		String fileId = upload(alice, "used-up.txt", "once".getBytes());
		String once = linkToken(alice, fileId, "{\"maxDownloads\":1}");
		linkToken(alice, fileId, "{}");
		assertThat(server.client().get("/s/" + once + "/download").statusCode()).isEqualTo(200);

		Document page = WebClient.html(alice.get("/files/" + fileId));
		assertThat(page.select("#links .link-status").eachText()).containsExactlyInAnyOrder("exhausted", "active");
		assertThat(page.select("#links .link-status.exhausted")).hasSize(1);
		assertThat(page.select("#links .link-status.active")).hasSize(1);
	}

	@Test
	void revokeViaApi_makesTheLinkGone_fromTheNextRequest() {
		String fileId = upload(alice, "revoke-api.txt", "bye".getBytes());
		HttpResponse<String> created = createLink(alice, fileId, "{}");
		String token = json(created).get("token").asString();
		String id = json(created).get("id").asString();
		WebClient anonymous = server.client();
		assertThat(anonymous.get("/s/" + token).statusCode()).isEqualTo(200);

		assertThat(revokeLink(alice, fileId, id).statusCode()).isEqualTo(204);
		assertThat(anonymous.get("/s/" + token).statusCode()).isEqualTo(410);
		assertThat(anonymous.get("/s/" + token + "/download").statusCode()).isEqualTo(410);
		assertThat(json(listLinks(alice, fileId)).get(0).get("status").asString()).isEqualTo("revoked");
		assertThat(revokeLink(alice, fileId, "00000000-0000-0000-0000-000000000000").statusCode()).isEqualTo(404);
		assertThat(jdbc.sql("select action from audit_events where target = ? order by id")
			.param("link:" + id)
			.query(String.class)
			.list()).containsExactly("link.created", "link.revoked");
		assertThat(revokeLink(alice, fileId, id).statusCode()).as("revoking again changes nothing").isEqualTo(204);
	}

	@Test
	void filePage_createsALink_showsItOnce_listsIt_andRevokesIt() {
		String fileId = upload(alice, "web-link.txt", "web".getBytes());
		String page = "/files/" + fileId;
		HttpResponse<String> created = alice.submit(page, page + "/links",
				Map.of("expiresInDays", "3", "maxDownloads", "2", "password", "", "version", "latest"));
		assertThat(created.statusCode()).isEqualTo(302);
		assertThat(created.headers().firstValue("Location").orElseThrow()).endsWith(page + "#links");

		Document shown = WebClient.html(alice.get(page));
		Element newLink = shown.selectFirst("#links input.copyable");
		assertThat(newLink).isNotNull();
		String url = newLink.attr("value");
		assertThat(url).startsWith(server.baseUrl() + "/s/");
		assertThat(shown.select("#links button[data-copy-previous]")).hasSize(1);
		assertThat(shown.select("#links table.links tbody tr")).hasSize(1);
		assertThat(shown.selectFirst("#links td.link-downloads").text()).isEqualTo("0 of 2");
		assertThat(shown.selectFirst("#links .link-status").text()).isEqualTo("active");

		Document again = WebClient.html(alice.get(page));
		assertThat(again.select("#links input.copyable")).as("the link is shown once").isEmpty();
		assertThat(again.body().html()).doesNotContain(url.substring(url.lastIndexOf('/') + 1));

		String linkId = again.selectFirst("#links tr[data-link-id]").attr("data-link-id");
		HttpResponse<String> revoked = alice.submit(page, page + "/links/" + linkId + "/revoke", Map.of());
		assertThat(revoked.statusCode()).isEqualTo(302);
		assertThat(WebClient.html(alice.get(page)).selectFirst("#links .link-status").text()).isEqualTo("revoked");
		assertThat(server.client().get(url.substring(server.baseUrl().length())).statusCode()).isEqualTo(410);
	}

	@Test
	void filePage_withInvalidInput_redirectsBackToTheForm_withTheMessage_andCreatesNothing() {
		String fileId = upload(alice, "web-invalid.txt", "x".getBytes());
		String page = "/files/" + fileId;
		HttpResponse<String> refused = alice.submit(page, page + "/links",
				Map.of("expiresInDays", "9999", "maxDownloads", "", "password", "", "version", "latest"));
		assertThat(refused.statusCode()).isEqualTo(302);
		assertThat(refused.headers().firstValue("Location").orElseThrow()).endsWith(page + "#link-form");
		var form = WebClient.html(alice.get(page));
		assertThat(form.selectFirst("#link-form .field-error").text()).contains("1 to 90 days");
		assertThat(form.selectFirst("#link-expires").attr("value")).isEqualTo("9999");
		assertThat(linkCount(fileId)).isZero();
	}

	@Test
	void badInputViaApi_is400Problem_andCreatesNothing() {
		String fileId = upload(alice, "api-invalid.txt", "x".getBytes());
		Map<String, String> cases = Map.of("{\"expiresInDays\":0}", "expiresInDays", "{\"expiresInDays\":91}",
				"expiresInDays", "{\"maxDownloads\":0}", "maxDownloads", "{\"password\":\"short\"}", "password",
				"{\"version\":99}", "version", "{\"maxDownloads\":\"many\"}", "maxDownloads");
		cases.forEach((body, field) -> {
			HttpResponse<String> response = createLink(alice, fileId, body);
			assertThat(response.statusCode()).as(body).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type").orElseThrow()).as(body)
				.startsWith("application/problem+json");
		});
		assertThat(json(createLink(alice, fileId, "{\"expiresInDays\":0}")).get("field").asString())
			.isEqualTo("expiresInDays");
		assertThat(linkCount(fileId)).isZero();
	}

	@Test
	void aStranger_cannotCreateListOrRevoke_linksOfSomeoneElsesFile_404() {
		String fileId = upload(alice, "private.txt", "mine".getBytes());
		HttpResponse<String> created = createLink(alice, fileId, "{}");
		String linkId = json(created).get("id").asString();
		String token = json(created).get("token").asString();

		assertThat(createLink(bob, fileId, "{}").statusCode()).isEqualTo(404);
		assertThat(listLinks(bob, fileId).statusCode()).isEqualTo(404);
		assertThat(revokeLink(bob, fileId, linkId).statusCode()).isEqualTo(404);
		String page = "/files/" + fileId;
		String csrf = bob.csrfToken();
		assertThat(bob.postForm(page + "/links", Map.of("_csrf", csrf, "expiresInDays", "3")).statusCode())
			.isEqualTo(404);
		assertThat(bob.postForm(page + "/links/" + linkId + "/revoke", Map.of("_csrf", csrf)).statusCode())
			.isEqualTo(404);
		// Bob's own file does not open someone else's link either.
		String bobsFile = upload(bob, "bobs.txt", "bob".getBytes());
		assertThat(revokeLink(bob, bobsFile, linkId).statusCode()).isEqualTo(404);

		assertThat(linkCount(fileId)).isEqualTo(1);
		assertThat(server.client().get("/s/" + token).statusCode()).isEqualTo(200);
	}

	@Test
	void aUserTheFileIsSharedWith_seesNoLinks_andIsRefusedManagingThem_403() {
		WebClient carol = server.client();
		carol.signUp("carol", PASSWORD);
		carol.login("carol", PASSWORD);
		String fileId = upload(alice, "shared-for-reading.txt", "read me".getBytes());
		String page = "/files/" + fileId;
		String linkId = json(createLink(alice, fileId, "{}")).get("id").asString();
		assertThat(alice.submit(page, page + "/shares", Map.of("user", "carol", "permission", "EDIT")).statusCode())
			.isEqualTo(302);

		HttpResponse<String> carolsView = carol.get(page);
		assertThat(carolsView.statusCode()).isEqualTo(200);
		assertThat(WebClient.html(carolsView).select("#links")).isEmpty();
		assertThat(createLink(carol, fileId, "{}").statusCode()).isEqualTo(403);
		assertThat(listLinks(carol, fileId).statusCode()).isEqualTo(403);
		assertThat(revokeLink(carol, fileId, linkId).statusCode()).isEqualTo(403);
		assertThat(
				carol.postForm(page + "/links", Map.of("_csrf", carol.csrfToken(), "expiresInDays", "3")).statusCode())
			.isEqualTo(403);
		assertThat(linkCount(fileId)).isEqualTo(1);
		assertThat(json(listLinks(alice, fileId)).get(0).get("status").asString()).isEqualTo("active");
	}

	@Test
	void deletingTheFileForGood_deletesItsLinks() {
		String fileId = upload(alice, "deleted.txt", "gone soon".getBytes());
		String token = linkToken(alice, fileId, "{}");
		assertThat(linkCount(fileId)).isEqualTo(1);
		HttpResponse<String> deleted = alice.send(alice.apiRequest("/api/v1/files/" + fileId).DELETE().build());
		assertThat(deleted.statusCode()).isEqualTo(204);
		// In the trash the link is kept for a restore, and serves nothing.
		assertThat(linkCount(fileId)).isEqualTo(1);
		assertThat(server.client().get("/s/" + token).statusCode()).isEqualTo(410);
		HttpResponse<String> forGood = alice.send(alice.apiRequest("/api/v1/trash/files/" + fileId).DELETE().build());
		assertThat(forGood.statusCode()).isEqualTo(204);
		assertThat(linkCount(fileId)).isZero();
		assertThat(server.client().get("/s/" + token).statusCode()).isEqualTo(404);
	}

	@Test
	void pinnedLink_servesItsVersion_andIsGoneOnceThatVersionIsDeleted() {
		String fileId = upload(alice, "pinned.txt", "version one".getBytes());
		upload(alice, "pinned.txt", "version two".getBytes());
		String pinned = linkToken(alice, fileId, "{\"version\":1}");
		String latest = linkToken(alice, fileId, "{}");
		WebClient anonymous = server.client();
		assertThat(anonymous.get("/s/" + pinned + "/download").body()).isEqualTo("version one");
		assertThat(anonymous.get("/s/" + latest + "/download").body()).isEqualTo("version two");
		assertThat(json(listLinks(alice, fileId)).findValuesAsString("version")).containsExactly("1");

		HttpResponse<String> deleted = alice
			.send(alice.apiRequest("/api/v1/files/" + fileId + "/versions/1").DELETE().build());
		assertThat(deleted.statusCode()).isEqualTo(204);
		assertThat(anonymous.get("/s/" + pinned).statusCode()).isEqualTo(410);
		assertThat(anonymous.get("/s/" + pinned + "/download").statusCode()).isEqualTo(410);
		upload(alice, "pinned.txt", "version three".getBytes());
		assertThat(anonymous.get("/s/" + latest + "/download").body()).isEqualTo("version three");
		List<String> statuses = json(listLinks(alice, fileId)).findValuesAsString("status");
		assertThat(statuses).containsExactly("active", "version_deleted");
	}

	private static long linkCount(String fileId) {
		return jdbc.sql("select count(*) from links where file_id = ?").param(fileId).query(Long.class).single();
	}

}
