package dev.coffer.server.sharing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jsoup.nodes.Document;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shares of a folder on its page: the owner sees who has it and how, and stops
 * sharing with one button; nobody else sees the list or can use the button.
 */
class FolderSharesPageTest {

	static TestServer server;

	static Actor owner;

	static Actor reader;

	static Actor editor;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		owner = Actor.signedUp(server, "olga");
		reader = Actor.signedUp(server, "rita");
		editor = Actor.signedUp(server, "edgar");
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void theOwner_seesTheFoldersShares_andStopsOne_theGranteeLosesItAtOnce() {
		String folder = Actor.field(owner.apiJson("POST", "/api/v1/folders", "{\"name\":\"Board\"}").body(), "id");
		assertThat(owner.apiJson("PUT", "/api/v1/folders/" + folder + "/shares/rita", "{\"permission\":\"READ\"}")
			.statusCode()).isEqualTo(201);
		assertThat(owner.apiJson("PUT", "/api/v1/folders/" + folder + "/shares/edgar", "{\"permission\":\"EDIT\"}")
			.statusCode()).isEqualTo(201);

		Document page = WebClient.html(owner.get("/files?folder=" + folder));
		assertThat(page.select("table.folder-shares tbody tr td.grantee").eachText()).containsExactly("edgar", "rita");
		assertThat(page.select("table.folder-shares tbody tr td[data-label=Permission]").eachText())
			.containsExactly("Edit", "Read");
		// A grantee sees the folder, not who else has it; whose it is, what they may do
		// in it, and the way back to what is shared with them.
		Document readersView = WebClient.html(reader.get("/files?folder=" + folder));
		assertThat(readersView.select("table.folder-shares")).isEmpty();
		assertThat(readersView.select("h1").text()).isEqualTo("Shared with me");
		assertThat(readersView.select(".usage")).as("the owner's quota is not the reader's business").isEmpty();
		assertThat(readersView.select(".shared-folder-note").text())
			.startsWith("olga shares this folder with you to read.");
		assertThat(readersView.select("nav.breadcrumbs a").first().attr("href")).isEqualTo("/shared-with-me");
		Document editorsView = WebClient.html(editor.get("/files?folder=" + folder));
		assertThat(editorsView.select(".shared-folder-note").text())
			.contains("olga shares this folder with you to edit.")
			.contains("upload new versions")
			.contains("only olga can add, rename, move or delete");
		assertThat(
				WebClient.html(owner.get("/files?folder=" + folder)).select(".shared-folder-note, h1:contains(Shared)"))
			.isEmpty();

		// Only the owner's button works: the editor's post changes nothing.
		assertThat(editor.post("/files/folders/" + folder + "/shares/rita/delete").statusCode()).isEqualTo(403);
		assertThat(reader.apiGet("/api/v1/folders/" + folder).statusCode()).isEqualTo(200);

		assertThat(owner.post("/files/folders/" + folder + "/shares/rita/delete").statusCode()).isEqualTo(302);

		assertThat(reader.apiGet("/api/v1/folders/" + folder).statusCode()).isEqualTo(404);
		Document after = WebClient.html(owner.get("/files?folder=" + folder));
		assertThat(after.select(".flash.success[role=status]:not(#upload-status)").text())
			.isEqualTo("Stopped sharing this folder with rita.");
		assertThat(after.select("table.folder-shares td.grantee").eachText()).containsExactly("edgar");
		Document sharedByMe = WebClient.html(owner.get("/shared-by-me"));
		assertThat(sharedByMe.select("table.shared-folders-by-me tr:has(a.folder-name:contains(Board)) td.grantee")
			.eachText()).as("folder grants are listed next to file grants").containsExactly("edgar");
		assertThat(sharedByMe.select("table.shared-folders-by-me a.folder-name").attr("href"))
			.isEqualTo("/files?folder=" + folder);
		// Without the CSRF token: refused, edgar keeps the share.
		assertThat(owner.client.postForm("/files/folders/" + folder + "/shares/edgar/delete", java.util.Map.of())
			.statusCode()).isEqualTo(403);
		assertThat(editor.apiGet("/api/v1/folders/" + folder).statusCode()).isEqualTo(200);
	}

	@Test
	void sharedByMe_leavesOutAFolderInTheTrash_andSaysSoWhenNothingIsShared() {
		Actor quinn = Actor.signedUp(server, "quinn");
		assertThat(WebClient.html(quinn.get("/shared-by-me")).select("p.empty").text())
			.isEqualTo("You have not shared any file or folder. Open one of your files or folders to share it.");
		String folder = Actor.field(quinn.apiJson("POST", "/api/v1/folders", "{\"name\":\"Drafts\"}").body(), "id");
		assertThat(quinn.apiJson("PUT", "/api/v1/folders/" + folder + "/shares/rita", "{\"permission\":\"READ\"}")
			.statusCode()).isEqualTo(201);
		assertThat(
				WebClient.html(quinn.get("/shared-by-me")).select("table.shared-folders-by-me td.grantee").eachText())
			.containsExactly("rita");

		assertThat(quinn.apiDelete("/api/v1/folders/" + folder).statusCode()).isEqualTo(204);
		Document inTrash = WebClient.html(quinn.get("/shared-by-me"));
		assertThat(inTrash.select("table.shared-folders-by-me")).isEmpty();
		assertThat(inTrash.select("p.empty")).hasSize(1);
	}

}
