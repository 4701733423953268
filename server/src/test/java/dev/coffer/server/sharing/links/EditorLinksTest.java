package dev.coffer.server.sharing.links;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static dev.coffer.server.sharing.links.LinkFixtures.PASSWORD;
import static dev.coffer.server.sharing.links.LinkFixtures.createLink;
import static dev.coffer.server.sharing.links.LinkFixtures.json;
import static dev.coffer.server.sharing.links.LinkFixtures.listLinks;
import static dev.coffer.server.sharing.links.LinkFixtures.revokeLink;
import static dev.coffer.server.sharing.links.LinkFixtures.setPolicy;
import static dev.coffer.server.sharing.links.LinkFixtures.share;
import static dev.coffer.server.sharing.links.LinkFixtures.upload;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Links made by editors: only when the owner allows it, each editor managing their own,
 * the owner seeing all; and revoked when the owner takes the right back (turns it off,
 * changes the editor's share to READ, revokes it). {@link EditorLinkRaceTest} shows the
 * last holds while the editor is making links.
 */
class EditorLinksTest {

	static TestServer server;

	static JdbcClient jdbc;

	static WebClient alice;

	static WebClient bob;

	static WebClient carol;

	static WebClient dave;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		jdbc = server.bean(JdbcClient.class);
		alice = signedUp("alice");
		bob = signedUp("bob");
		carol = signedUp("carol");
		dave = signedUp("dave");
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void anEditor_makesLinks_onlyOnceTheOwnerAllowsIt_andManagesOnlyTheirOwn() {
		String fileId = sharedFile("allowed.txt", "made by an editor");
		assertThat(policy(bob, fileId)).isFalse();
		HttpResponse<String> refused = createLink(bob, fileId, "{}");
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("has not allowed editors");
		assertThat(createLink(carol, fileId, "{}").statusCode()).as("a reader").isEqualTo(403);

		assertThat(setPolicy(alice, fileId, "{\"editorsMayCreateLinks\":true}").statusCode()).isEqualTo(200);
		assertThat(policy(bob, fileId)).isTrue();
		assertThat(policy(carol, fileId)).as("readers may ask").isTrue();
		String ownersLink = json(createLink(alice, fileId, "{}")).get("id").asString();
		HttpResponse<String> made = createLink(bob, fileId, "{\"maxDownloads\":2}");
		assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
		JsonNode bobsLink = json(made);
		assertThat(bobsLink.get("createdBy").asString()).isEqualTo("bob");
		assertThat(createLink(carol, fileId, "{}").statusCode()).as("still not a reader").isEqualTo(403);
		assertThat(createLink(dave, fileId, "{}").statusCode()).as("a stranger").isEqualTo(404);

		HttpResponse<String> download = server.client().get("/s/" + bobsLink.get("token").asString() + "/download");
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.body()).isEqualTo("made by an editor");

		assertThat(ids(listLinks(bob, fileId))).containsExactly(bobsLink.get("id").asString());
		assertThat(ids(listLinks(alice, fileId))).containsExactlyInAnyOrder(ownersLink, bobsLink.get("id").asString());
		assertThat(revokeLink(bob, fileId, ownersLink).statusCode()).as("the owner's link").isEqualTo(404);
		assertThat(status(alice, fileId, ownersLink)).isEqualTo("active");
		assertThat(revokeLink(bob, fileId, bobsLink.get("id").asString()).statusCode()).isEqualTo(204);
		assertThat(status(alice, fileId, bobsLink.get("id").asString())).isEqualTo("revoked");
		assertThat(auditActors("link.created", bobsLink.get("id").asString())).containsExactly("bob");
	}

	@Test
	void turningThePolicyOff_revokesEveryEditorsLinks_butNotTheOwners() {
		String fileId = sharedFile("policy-off.txt", "x");
		alice.submit("/files/" + fileId, "/files/" + fileId + "/shares", Map.of("user", "dave", "permission", "EDIT"));
		setPolicy(alice, fileId, "{\"editorsMayCreateLinks\":true}");
		String owners = linkId(alice, fileId);
		String bobs = linkId(bob, fileId);
		String daves = linkId(dave, fileId);

		assertThat(setPolicy(alice, fileId, "{\"editorsMayCreateLinks\":false}").statusCode()).isEqualTo(200);
		assertThat(status(alice, fileId, owners)).isEqualTo("active");
		assertThat(status(alice, fileId, bobs)).isEqualTo("revoked");
		assertThat(status(alice, fileId, daves)).isEqualTo("revoked");
		assertThat(createLink(bob, fileId, "{}").statusCode()).isEqualTo(403);
		assertThat(listLinks(bob, fileId).statusCode()).isEqualTo(403);
		assertThat(auditActors("link.revoked", bobs)).containsExactly("alice");
	}

	@Test
	void changingAnEditorToRead_orRevokingTheShare_revokesThatEditorsLinksOnly() {
		String fileId = sharedFile("withdrawn.txt", "x");
		alice.submit("/files/" + fileId, "/files/" + fileId + "/shares", Map.of("user", "dave", "permission", "EDIT"));
		setPolicy(alice, fileId, "{\"editorsMayCreateLinks\":true}");
		String bobs = linkId(bob, fileId);
		String daves = linkId(dave, fileId);
		String bobsToken = json(createLink(bob, fileId, "{}")).get("token").asString();

		assertThat(share(alice, fileId, "bob", "READ").statusCode()).isEqualTo(200);
		assertThat(status(alice, fileId, bobs)).isEqualTo("revoked");
		assertThat(server.client().get("/s/" + bobsToken + "/download").statusCode()).isEqualTo(410);
		assertThat(status(alice, fileId, daves)).isEqualTo("active");

		HttpResponse<String> revoked = alice
			.send(alice.apiRequest("/api/v1/files/" + fileId + "/shares/dave").DELETE().build());
		assertThat(revoked.statusCode()).isEqualTo(204);
		assertThat(status(alice, fileId, daves)).isEqualTo("revoked");
		assertThat(share(alice, fileId, "dave", "EDIT").statusCode()).as("shared again").isEqualTo(201);
		assertThat(status(alice, fileId, daves)).as("stays revoked").isEqualTo("revoked");
	}

	@Test
	void thePolicy_isTheOwnersAlone_andBadInputChangesNothing() {
		String fileId = sharedFile("policy-owner.txt", "x");
		assertThat(setPolicy(bob, fileId, "{\"editorsMayCreateLinks\":true}").statusCode()).isEqualTo(403);
		assertThat(setPolicy(dave, fileId, "{\"editorsMayCreateLinks\":true}").statusCode()).isEqualTo(404);
		assertThat(policyResponse(dave, fileId).statusCode()).isEqualTo(404);
		for (String body : List.of("{}", "{\"editorsMayCreateLinks\":\"perhaps\"}", "not json")) {
			HttpResponse<String> refused = setPolicy(alice, fileId, body);
			assertThat(refused.statusCode()).as(body).isEqualTo(400);
			assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).as(body)
				.startsWith("application/problem+json");
		}
		assertThat(policy(alice, fileId)).isFalse();
		String csrf = bob.csrfToken();
		assertThat(bob
			.postForm("/files/" + fileId + "/link-policy", Map.of("_csrf", csrf, "editorsMayCreateLinks", "true"))
			.statusCode()).isEqualTo(403);
		assertThat(policy(alice, fileId)).isFalse();
	}

	@Test
	void filePages_showTheChoiceToTheOwner_andTheLinksSectionToAllowedEditors() {
		String fileId = sharedFile("pages.txt", "x");
		String page = "/files/" + fileId;
		Document owners = WebClient.html(alice.get(page));
		assertThat(owners.selectFirst("#sharing input#editors-may-link").hasAttr("checked")).isFalse();
		assertThat(WebClient.html(bob.get(page)).select("#links")).isEmpty();
		assertThat(WebClient.html(bob.get(page)).select("#editors-may-link")).as("owner only").isEmpty();

		HttpResponse<String> allowed = alice.submit(page, page + "/link-policy",
				Map.of("editorsMayCreateLinks", "true"));
		assertThat(allowed.statusCode()).isEqualTo(302);
		assertThat(policy(alice, fileId)).isTrue();
		assertThat(WebClient.html(alice.get(page)).selectFirst("#editors-may-link").hasAttr("checked")).isTrue();

		HttpResponse<String> made = bob.submit(page, page + "/links",
				Map.of("expiresInDays", "3", "maxDownloads", "", "password", "", "version", "latest"));
		assertThat(made.statusCode()).isEqualTo(302);
		Document bobs = WebClient.html(bob.get(page));
		assertThat(bobs.select("#links table.links tbody tr")).hasSize(1);
		assertThat(bobs.select("#links td.link-creator")).as("an editor's list has no 'By' column").isEmpty();
		assertThat(WebClient.html(alice.get(page)).selectFirst("#links td.link-creator").text()).isEqualTo("bob");

		// An unchecked box is not sent at all: that turns the choice off.
		assertThat(alice.submit(page, page + "/link-policy", Map.of()).statusCode()).isEqualTo(302);
		assertThat(policy(alice, fileId)).isFalse();
		assertThat(WebClient.html(bob.get(page)).select("#links")).isEmpty();
		assertThat(WebClient.html(alice.get(page)).selectFirst("#links .link-status").text()).isEqualTo("revoked");
	}

	/** A file of alice's shared with bob (EDIT) and carol (READ). */
	private static String sharedFile(String name, String content) {
		String fileId = upload(alice, System.nanoTime() + "-" + name, content.getBytes());
		assertThat(share(alice, fileId, "bob", "EDIT").statusCode()).isEqualTo(201);
		assertThat(share(alice, fileId, "carol", "READ").statusCode()).isEqualTo(201);
		return fileId;
	}

	private static HttpResponse<String> policyResponse(WebClient client, String fileId) {
		return client.send(client.apiRequest("/api/v1/files/" + fileId + "/link-policy").GET().build());
	}

	private static boolean policy(WebClient client, String fileId) {
		HttpResponse<String> response = policyResponse(client, fileId);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json(response).get("editorsMayCreateLinks").asBoolean();
	}

	private static String linkId(WebClient maker, String fileId) {
		HttpResponse<String> made = createLink(maker, fileId, "{}");
		assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
		return json(made).get("id").asString();
	}

	private static String status(WebClient owner, String fileId, String linkId) {
		for (JsonNode link : json(listLinks(owner, fileId))) {
			if (link.get("id").asString().equals(linkId)) {
				return link.get("status").asString();
			}
		}
		throw new AssertionError("no link " + linkId);
	}

	private static List<String> ids(HttpResponse<String> list) {
		assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		json(list).forEach((link) -> ids.add(link.get("id").asString()));
		return ids;
	}

	private static List<String> auditActors(String action, String linkId) {
		return jdbc.sql("select actor from audit_events where action = ? and target = ? order by id")
			.params(action, "link:" + linkId)
			.query(String.class)
			.list();
	}

	private static WebClient signedUp(String username) {
		WebClient client = server.client();
		client.signUp(username, PASSWORD);
		client.login(username, PASSWORD);
		return client;
	}

}
