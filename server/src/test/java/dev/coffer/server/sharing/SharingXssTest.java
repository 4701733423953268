package dev.coffer.server.sharing;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stored XSS: script, tag-breaking and {@code javascript:} payloads in file names,
 * comments, usernames, request-link titles and what senders type on a request link's form
 * come back as text on every page that shows them, never as markup.
 */
class SharingXssTest {

	static final String SCRIPT = "<script>alert(1)</script>";

	static final String IMG = "\"><img src=x onerror=alert(1)>";

	static final String JS_URL = "javascript:alert(1)";

	static TestServer server;

	static Actor owner;

	static Actor grantee;

	@BeforeAll
	static void start() {
		// Senders post the request form right after loading it.
		server = TestServer.start("coffer.requests.min-fill-time=0s");
		owner = Actor.signedUp(server, "owner");
		grantee = Actor.signedUp(server, "grantee");
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void payloadsInFileNamesAndComments_areEscapedOnEveryPage() {
		// A slash cannot be in a file name, so the script payload goes in as far as it
		// can.
		List<String> names = List.of(IMG + ".txt", JS_URL, "<script>alert(1)<script>.txt");
		for (String name : names) {
			String id = owner.upload(name, "x");
			owner.share(id, "grantee", "EDIT");
			for (String payload : List.of(SCRIPT, IMG, JS_URL)) {
				grantee.comment(id, payload.replace("\"", "\\\""));
			}
			for (Actor viewer : List.of(owner, grantee)) {
				Document detail = assertHarmless(viewer.get("/files/" + id), name);
				assertThat(detail.selectFirst("h1.file-title").text()).isEqualTo(name);
				assertThat(detail.select(".comment-body").eachText()).containsExactly(SCRIPT, IMG, JS_URL);
			}
			String rejected = owner.post("/files/" + id + "/comments", "body", "x\u0007" + SCRIPT).body();
			assertThat(rejected).doesNotContain(SCRIPT);
		}
		Document withMe = assertHarmless(grantee.get("/shared-with-me"), null);
		assertThat(withMe.select("a.file-name").eachText()).containsExactlyInAnyOrderElementsOf(names);
		Document byMe = assertHarmless(owner.get("/shared-by-me"), null);
		assertThat(byMe.select("a.file-name").eachText()).containsExactlyInAnyOrderElementsOf(names);
	}

	@Test
	void payloadUsernames_cannotExist_andAreShownBackOnlyEscapedWhenSharing() {
		WebClient client = server.client();
		HttpResponse<String> signUp = client.submit("/signup", "/signup",
				Map.of("username", SCRIPT, "password", Actor.PASSWORD, "passwordConfirmation", Actor.PASSWORD));
		assertThat(signUp.statusCode()).isEqualTo(400);
		assertThat(signUp.body()).doesNotContain(SCRIPT);
		String id = owner.upload("plain.txt", "x");
		for (String payload : List.of(SCRIPT, IMG, JS_URL)) {
			HttpResponse<String> refused = owner.post("/files/" + id + "/shares", "user", payload, "permission",
					"READ");
			assertThat(refused.statusCode()).as("back to the form").isEqualTo(302);
			// The form keeps what was typed, as text in the field's value, never as
			// markup.
			Document page = assertHarmless(owner.get("/files/" + id), null);
			assertThat(page.selectFirst("#share-user").attr("value")).isEqualTo(payload);
			assertThat(page.select("#share-user-error").text()).isNotEmpty();
			HttpResponse<String> api = owner.apiJson("PUT", "/api/v1/files/" + id + "/shares/" + Actor.encode(payload),
					"{\"permission\":\"READ\"}");
			assertThat(api.statusCode()).isIn(400, 404);
			assertThat(api.body()).doesNotContain("<script", "<img");
		}
	}

	@Test
	void payloadsInRequestTitlesAndSenderFields_areEscapedOnEveryPageThatShowsThem() {
		// Every payload in every field: the title, and the sender's name, e-mail
		// address (as a local part, which allows no spaces) and message.
		String imgEmail = "\"><img/src=x/onerror=alert(1)>@evil.example";
		List<List<String>> senders = List.of(List.of(SCRIPT, SCRIPT + "@evil.example", IMG),
				List.of(IMG, imgEmail, JS_URL), List.of(JS_URL, JS_URL + "@evil.example", SCRIPT));
		List<String> titles = List.of(SCRIPT, IMG, JS_URL);
		List<String> fileIds = new ArrayList<>();
		for (int i = 0; i < titles.size(); i++) {
			HttpResponse<String> created = owner.apiJson("POST", "/api/v1/requests",
					"{\"title\":\"" + titles.get(i).replace("\"", "\\\"") + "\",\"maxFiles\":5,\"maxBytes\":1000}");
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			String token = Actor.field(created.body(), "token");
			WebClient sender = server.client();
			Document form = assertHarmless(sender.get("/r/" + token), titles.get(i));
			assertThat(form.selectFirst("h1.request-title").text()).isEqualTo(titles.get(i));
			List<String> typed = senders.get(i);
			HttpResponse<String> sent = Actor.sendThroughRequestLink(sender, token, typed.get(0), typed.get(1),
					typed.get(2), "scan.txt", "scanned");
			assertThat(sent.statusCode()).as(sent.body()).isEqualTo(302);
		}
		Document received = assertHarmless(owner.get("/requests/received"), null);
		assertThat(received.select(".sender-name").eachText()).containsExactlyInAnyOrder(SCRIPT, IMG, JS_URL);
		assertThat(received.select(".sender-email").eachText()).containsExactlyInAnyOrder(SCRIPT + "@evil.example",
				imgEmail, JS_URL + "@evil.example");
		assertThat(received.select(".sender-message").eachText()).containsExactlyInAnyOrder(SCRIPT, IMG, JS_URL);
		assertThat(received.select("td.request-title").eachText()).containsExactlyInAnyOrder(SCRIPT, IMG, JS_URL);
		List<String> receivedNames = received.select("a.file-name").eachText();
		assertThat(receivedNames).hasSize(3).allSatisfy((name) -> assertThat(name).contains(" (from "));
		Document requests = assertHarmless(owner.get("/requests"), null);
		assertThat(requests.select("td.request-title span").eachText()).contains(SCRIPT, IMG, JS_URL);
		// The received files, named after their senders, on the owner's file list and
		// on each file's page.
		Document files = assertHarmless(owner.get("/files"), null);
		assertThat(files.text()).contains(receivedNames);
		for (String href : received.select("a.file-name").eachAttr("href")) {
			fileIds.add(href.substring(href.lastIndexOf('/') + 1));
		}
		for (String id : fileIds) {
			Document detail = assertHarmless(owner.get("/files/" + id), null);
			assertThat(receivedNames).contains(detail.selectFirst("h1.file-title").text());
		}
		// The API hands the text back as typed, as JSON a browser never renders.
		HttpResponse<String> api = owner.apiGet("/api/v1/received");
		assertThat(api.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
		assertThat(api.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
	}

	/** No payload became markup: no injected element, attribute or link. */
	private static Document assertHarmless(HttpResponse<String> response, String name) {
		assertThat(response.body()).doesNotContain(SCRIPT, "<img src=x", "href=\"javascript:");
		Document page = WebClient.html(response);
		assertThat(page.select("img[onerror], [onerror]")).isEmpty();
		assertThat(page.select("script:not([src])")).isEmpty();
		assertThat(page.select("a[href^=javascript], form[action^=javascript]")).isEmpty();
		if (name != null) {
			assertThat(page.text()).contains(name);
		}
		return page;
	}

}
