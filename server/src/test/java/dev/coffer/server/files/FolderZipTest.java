package dev.coffer.server.files;

import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.audit.AuditEntry;
import dev.coffer.server.audit.AuditFilter;
import dev.coffer.server.audit.AuditLog;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static dev.coffer.server.files.FoldersApiTest.json;
import static dev.coffer.server.files.FoldersApiTest.patch;
import static dev.coffer.server.files.FoldersApiTest.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Folders as ZIPs over real HTTPS: every file below the folder under its path, nothing in
 * the trash, what a grantee may read and no more, the size limit, and the same from the
 * folder page.
 */
class FolderZipTest {

	static TestServer server;

	static WebClient alice;

	static WebClient bob;

	@BeforeAll
	static void start() {
		server = TestServer.start("coffer.files.max-files-per-zip=5");
		alice = server.signedUp("alice", FileFixtures.PASSWORD);
		bob = server.signedUp("bob", FileFixtures.PASSWORD);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void aFolder_zipsEverythingBelowIt_underItsPaths_butNotTheTrash() throws IOException {
		Tree tree = tree("Project");

		HttpResponse<byte[]> response = alice
			.sendForBytes(alice.apiRequest("/api/v1/folders/" + tree.top() + "/zip").GET().build());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/zip");
		assertThat(response.headers().firstValue("Content-Disposition").orElseThrow()).contains("Project.zip");
		Map<String, byte[]> expected = Map.of("Project/a.txt", bytes("alpha"), "Project/docs/b.txt", bytes("beta"),
				"Project/docs/deep/c.bin", bytes("gamma"));
		for (Map<String, byte[]> entries : List.of(ZipDownloadTest.streamed(response.body()),
				ZipDownloadTest.byCentralDirectory(response.body()))) {
			assertThat(entries).containsOnlyKeys(expected.keySet());
			expected.forEach((path, content) -> assertThat(entries.get(path)).as(path).isEqualTo(content));
		}
	}

	@Test
	void foldersWithoutFiles_areKeptAsFolderEntries_othersComeWithTheirFiles() throws IOException {
		String top = folder("Album", "root");
		String photos = folder("photos", top);
		folder("empty", top);
		String nested = folder("nested", top);
		folder("deeper", nested);
		fileIn(photos, "p.jpg", "photo");

		HttpResponse<byte[]> response = alice
			.sendForBytes(alice.apiRequest("/api/v1/folders/" + top + "/zip").GET().build());

		assertThat(response.statusCode()).isEqualTo(200);
		for (Map<String, byte[]> entries : List.of(ZipDownloadTest.streamed(response.body()),
				ZipDownloadTest.byCentralDirectory(response.body()))) {
			assertThat(entries.keySet()).containsExactlyInAnyOrder("Album/photos/p.jpg", "Album/empty/",
					"Album/nested/deeper/");
			assertThat(entries.get("Album/empty/")).isEmpty();
		}
	}

	@Test
	void aGrantee_zipsTheSharedFolder_andNothingAboveIt() throws IOException {
		Tree tree = tree("Shared");
		assertThat(alice
			.send(alice.apiRequest("/api/v1/folders/" + tree.docs() + "/shares/bob")
				.setHeader("Content-Type", "application/json")
				.PUT(BodyPublishers.ofString("{\"permission\":\"READ\"}"))
				.build())
			.statusCode()).isEqualTo(201);

		HttpResponse<byte[]> docs = bob
			.sendForBytes(bob.apiRequest("/api/v1/folders/" + tree.docs() + "/zip").GET().build());

		assertThat(docs.statusCode()).isEqualTo(200);
		assertThat(ZipDownloadTest.byCentralDirectory(docs.body())).containsOnlyKeys("docs/b.txt", "docs/deep/c.bin");
		List<AuditEntry> downloads = server.bean(AuditLog.class)
			.find(new AuditFilter("bob", "file.downloaded", null, null), 100);
		assertThat(downloads).extracting(AuditEntry::details)
			.contains("version 1 in a ZIP of 2 files; as grantee with READ permission");
		assertThat(
				bob.sendForBytes(bob.apiRequest("/api/v1/folders/" + tree.top() + "/zip").GET().build()).statusCode())
			.isEqualTo(404);
	}

	@Test
	void filesAndFolders_goIntoOneZip_withinTheLimit() throws IOException {
		Tree tree = tree("Mixed");
		String loose = FileFixtures.upload(alice, "loose.txt", bytes("loose"));

		HttpResponse<byte[]> both = zip(alice, "{\"ids\":[\"" + loose + "\"],\"folderIds\":[\"" + tree.docs() + "\"]}");

		assertThat(both.statusCode()).isEqualTo(200);
		assertThat(ZipDownloadTest.streamed(both.body())).containsOnlyKeys("loose.txt", "docs/b.txt",
				"docs/deep/c.bin");
		// Six files where five are allowed: refused before a byte is sent.
		HttpResponse<byte[]> tooMany = zip(alice,
				"{\"ids\":[\"" + loose + "\"],\"folderIds\":[\"" + tree.top() + "\",\"" + tree.docs() + "\"]}");
		assertThat(tooMany.statusCode()).isEqualTo(413);
		assertThat(tooMany.headers().firstValue("Content-Disposition")).isEmpty();
		String empty = json(post(alice, "/api/v1/folders", "{\"name\":\"Empty\"}")).get("id").asString();
		HttpResponse<byte[]> nothing = alice
			.sendForBytes(alice.apiRequest("/api/v1/folders/" + empty + "/zip").GET().build());
		assertThat(nothing.statusCode()).isEqualTo(400);
		assertThat(new String(nothing.body(), StandardCharsets.UTF_8)).contains("no files in it");
	}

	@Test
	void theFolderPage_linksItsZip_andTheTickedFoldersGoIntoTheSelectionsZip() throws IOException {
		Tree tree = tree("Paged");
		var page = WebClient.html(alice.get("/files?folder=" + tree.top()));
		String href = page.select("p.folder-download a").attr("href");
		assertThat(href).isEqualTo("/files/folders/" + tree.top() + "/zip");

		HttpResponse<byte[]> linked = alice.sendForBytes(alice.request(href).GET().build());
		assertThat(linked.statusCode()).isEqualTo(200);
		assertThat(ZipDownloadTest.streamed(linked.body())).containsKey("Paged/docs/deep/c.bin");

		HttpResponse<String> ticked = alice.submit("/files?folder=" + tree.top(), "/files/zip",
				Map.of("folderIds", tree.docs()));
		assertThat(ticked.statusCode()).isEqualTo(200);
		assertThat(ticked.headers().firstValue("Content-Type")).hasValue("application/zip");
	}

	/**
	 * {@code name}/a.txt, {@code name}/docs/b.txt, {@code name}/docs/deep/c.bin, and in
	 * the trash {@code name}/trashed.txt and {@code name}/old/gone.txt.
	 */
	private static Tree tree(String name) {
		String top = folder(name, "root");
		String docs = folder("docs", top);
		String deep = folder("deep", docs);
		String old = folder("old", top);
		fileIn(top, "a.txt", "alpha");
		fileIn(docs, "b.txt", "beta");
		fileIn(deep, "c.bin", "gamma");
		String trashed = fileIn(top, "trashed.txt", "in the trash");
		fileIn(old, "gone.txt", "in a trashed folder");
		assertThat(alice.send(alice.apiRequest("/api/v1/files/" + trashed).DELETE().build()).statusCode())
			.isEqualTo(204);
		assertThat(alice.send(alice.apiRequest("/api/v1/folders/" + old).DELETE().build()).statusCode()).isEqualTo(204);
		return new Tree(top, docs);
	}

	private record Tree(String top, String docs) {
	}

	private static String folder(String name, String parent) {
		return FileFixtures.folder(alice, name, parent);
	}

	private static String fileIn(String folderId, String name, String content) {
		String id = FileFixtures.upload(alice, name + "-" + folderId, bytes(content));
		assertThat(patch(alice, "/api/v1/files/" + id, "{\"folderId\":\"" + folderId + "\",\"name\":\"" + name + "\"}")
			.statusCode()).isEqualTo(200);
		return id;
	}

	private static HttpResponse<byte[]> zip(WebClient client, String json) {
		return client.sendForBytes(client.apiRequest("/api/v1/files/zip")
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(json))
			.build());
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
