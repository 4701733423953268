package dev.coffer.server.sharing;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Comments over HTTPS: who may write and delete them, the text rules (1 to 2,000
 * characters, no control characters but newline and tab), and line breaks kept on the
 * page.
 */
class CommentsTest {

	static TestServer server;

	static Actor owner;

	static Actor reader;

	static Actor editor;

	static String fileId;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		owner = Actor.signedUp(server, "owner");
		reader = Actor.signedUp(server, "reader");
		editor = Actor.signedUp(server, "editor");
		fileId = owner.upload("discussed.txt", "x");
		owner.share(fileId, "reader", "READ");
		owner.share(fileId, "editor", "EDIT");
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void comment_atTheLengthLimit_isKept_andOneMore_is400AndStoresNothing() {
		String path = "/api/v1/files/" + fileId + "/comments";
		String longest = "é".repeat(1999) + "😀"; // 2,000 code points, 2,001 UTF-16 units
		HttpResponse<String> kept = reader.apiJson("POST", path, "{\"body\":\"" + longest + "\"}");
		assertThat(kept.statusCode()).isEqualTo(201);
		assertThat(kept.body()).contains(longest);
		int before = count();
		HttpResponse<String> tooLong = reader.apiJson("POST", path, "{\"body\":\"" + "a".repeat(2001) + "\"}");
		assertThat(tooLong.statusCode()).isEqualTo(400);
		assertThat(tooLong.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(tooLong.body()).contains("at most 2,000 characters");
		assertThat(count()).isEqualTo(before);
	}

	@Test
	void emptyBlankOrControlCharacterComments_are400_andStoreNothing() {
		String path = "/api/v1/files/" + fileId + "/comments";
		int before = count();
		for (String body : new String[] { "{\"body\":\"\"}", "{\"body\":\"  \\n\\t \"}", "{}", "{\"body\":null}",
				"{\"body\":\"bell\\u0007\"}", "{\"body\":\"nul\\u0000\"}", "{\"body\":\"esc\\u001b[31m\"}",
				"{\"body\":\"del\\u007f\"}", "{\"body\":\"cr\\rlf\"}" }) {
			HttpResponse<String> response = reader.apiJson("POST", path, body);
			assertThat(response.statusCode()).as(body).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type").orElseThrow()).as(body)
				.startsWith("application/problem+json");
		}
		assertThat(count()).isEqualTo(before);
		HttpResponse<String> form = reader.post("/files/" + fileId + "/comments", "body", "ring\u0007");
		assertThat(form.statusCode()).as("back to the form").isEqualTo(302);
		assertThat(WebClient.html(reader.get("/files/" + fileId)).selectFirst("#comment-body-error").text())
			.contains("control characters");
		assertThat(count()).isEqualTo(before);
	}

	@Test
	void lineBreaksAndTabs_areKept_andShownAsTyped() {
		HttpResponse<String> posted = editor.post("/files/" + fileId + "/comments", "body",
				"first line\r\n\tindented\r\nthird");
		assertThat(posted.statusCode()).isEqualTo(302);
		var page = WebClient.html(owner.get("/files/" + fileId));
		assertThat(page.select(".comment-body").eachText()).isNotEmpty();
		assertThat(page.select(".comment-body").stream().map((e) -> e.wholeText()))
			.contains("first line\n\tindented\nthird");
		assertThat(owner.apiGet("/api/v1/files/" + fileId + "/comments").body())
			.contains("first line\\n\\tindented\\nthird");
	}

	@Test
	void authorsDeleteTheirOwn_ownersAny_othersNone() {
		String path = "/api/v1/files/" + fileId + "/comments/";
		String readers = reader.comment(fileId, "reader's note");
		String editors = editor.comment(fileId, "editor's note");
		String another = reader.comment(fileId, "reader's second note");

		assertThat(editor.apiDelete(path + readers).statusCode()).isEqualTo(403);
		assertThat(reader.apiDelete(path + editors).statusCode()).isEqualTo(403);
		assertThat(reader.apiDelete(path + "00000000-0000-0000-0000-000000000000").statusCode()).isEqualTo(404);
		assertThat(reader.apiDelete(path + readers).statusCode()).isEqualTo(204);
		assertThat(owner.apiDelete(path + editors).statusCode()).isEqualTo(204);
		assertThat(owner.post("/files/" + fileId + "/comments/" + another + "/delete").statusCode()).isEqualTo(302);

		String left = owner.apiGet("/api/v1/files/" + fileId + "/comments").body();
		assertThat(left).doesNotContain("reader's note", "editor's note", "reader's second note");
		// A comment id from another file does not reach across.
		String other = owner.upload("other.txt", "y");
		String elsewhere = owner.comment(other, "elsewhere");
		assertThat(owner.apiDelete(path + elsewhere).statusCode()).isEqualTo(404);
		assertThat(owner.apiGet("/api/v1/files/" + other + "/comments").body()).contains("elsewhere");
	}

	@Test
	void deleteButtons_appearOnlyWhereDeletingIsAllowed() {
		String mine = editor.comment(fileId, "editor's visible note");
		var asReader = WebClient.html(reader.get("/files/" + fileId));
		assertThat(asReader.select("form[action$=/comments/" + mine + "/delete]")).isEmpty();
		var asOwner = WebClient.html(owner.get("/files/" + fileId));
		assertThat(asOwner.select("form[action$=/comments/" + mine + "/delete]")).hasSize(1);
		var asEditor = WebClient.html(editor.get("/files/" + fileId));
		assertThat(asEditor.select("form[action$=/comments/" + mine + "/delete]")).hasSize(1);
	}

	private static int count() {
		String body = owner.apiGet("/api/v1/files/" + fileId + "/comments").body();
		return body.split("\"id\":", -1).length - 1;
	}

}
