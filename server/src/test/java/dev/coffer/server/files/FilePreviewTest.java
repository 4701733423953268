package dev.coffer.server.files;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import javax.imageio.ImageIO;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.server.audit.AuditEntry;
import dev.coffer.server.audit.AuditFilter;
import dev.coffer.server.audit.AuditLog;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Previews: the kind told from the content (not the name), the headers that keep a
 * preview inert, Range, access, versions stored before preview types were recorded, and
 * what the file page offers.
 */
class FilePreviewTest {

	static TestServer server;

	static WebClient alice;

	static WebClient bob;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		alice = server.signedUp("alice", FileFixtures.PASSWORD);
		bob = server.signedUp("bob", FileFixtures.PASSWORD);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void pngNamedTxt_isPreviewedAsPng_inline_sandboxed_nosniff_uncached() throws Exception {
		byte[] png = png();
		String id = FileFixtures.upload(alice, "not really text.txt", png);

		HttpResponse<byte[]> preview = alice.sendForBytes(alice.request("/files/" + id + "/preview").GET().build());

		assertThat(preview.statusCode()).isEqualTo(200);
		assertThat(preview.body()).isEqualTo(png);
		var headers = preview.headers();
		assertThat(headers.firstValue("Content-Type")).hasValue("image/png");
		assertThat(headers.firstValue("Content-Disposition").orElseThrow()).startsWith("inline;")
			.contains("not%20really%20text.txt");
		assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(headers.firstValue("Content-Security-Policy").orElseThrow()).startsWith("sandbox;")
			.contains("default-src 'none'");
		assertThat(headers.firstValue("Cache-Control").orElseThrow()).contains("no-store");
	}

	@Test
	void htmlNamedPng_andSvg_andOtherBinaries_haveNoPreview() {
		String html = FileFixtures.upload(alice, "photo.png",
				"<html><script>alert(document.cookie)</script></html>".getBytes(StandardCharsets.UTF_8));
		String svg = FileFixtures.upload(alice, "drawing.svg",
				"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>".getBytes(StandardCharsets.UTF_8));
		String zip = FileFixtures.upload(alice, "archive.zip", new byte[] { 'P', 'K', 3, 4, 0, 0, 0, 0 });

		for (String id : new String[] { html, svg, zip }) {
			HttpResponse<String> preview = alice.get("/files/" + id + "/preview");
			assertThat(preview.statusCode()).isEqualTo(404);
			assertThat(preview.headers().firstValue("Content-Disposition")).isEmpty();
			assertThat(preview.body()).contains("This kind of file has no preview");
			assertThat(WebClient.html(alice.get("/files/" + id)).select(".file-preview")).isEmpty();
		}
	}

	@Test
	void text_isPreviewedAsUtf8PlainText_withRange() {
		byte[] text = "line one\nline two, Grüße\n".getBytes(StandardCharsets.UTF_8);
		String id = FileFixtures.upload(alice, "notes.md", text);

		HttpResponse<byte[]> range = alice
			.sendForBytes(alice.request("/files/" + id + "/preview").header("Range", "bytes=5-7").GET().build());

		assertThat(range.statusCode()).isEqualTo(206);
		assertThat(range.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
		assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes 5-7/" + text.length);
		assertThat(range.body()).isEqualTo(Arrays.copyOfRange(text, 5, 8));
		Document page = WebClient.html(alice.get("/files/" + id));
		assertThat(page.select(".file-preview a.preview-link").attr("href")).isEqualTo("/files/" + id + "/preview");
		assertThat(page.select(".file-preview a.preview-link").attr("target")).isEqualTo("_blank");
	}

	@Test
	void preview_ofSomeoneElsesFile_is404_butASharedFileIsPreviewedAndAudited() {
		String id = FileFixtures.upload(bob, "bob.png", png());
		assertThat(alice.get("/files/" + id + "/preview").statusCode()).isEqualTo(404);

		FileFixtures.share(bob, id, "alice");
		HttpResponse<byte[]> shared = alice.sendForBytes(alice.request("/files/" + id + "/preview").GET().build());
		assertThat(shared.statusCode()).isEqualTo(200);
		assertThat(server.bean(AuditLog.class).find(new AuditFilter("alice", "file.downloaded", null, null), 1000))
			.filteredOn((entry) -> entry.target().equals("file:" + id))
			.extracting(AuditEntry::details)
			.containsExactly("preview, version 1; as grantee with READ permission");
	}

	@Test
	void versionStoredBeforePreviewTypesWereRecorded_isToldFromItsContent_once() {
		String id = FileFixtures.upload(alice, "old picture", png());
		JdbcClient db = server.bean(JdbcClient.class);
		db.sql("update file_versions set preview_type = null where file_id = ?").param(id).update();

		Document page = WebClient.html(alice.get("/files/" + id));

		assertThat(page.select("img.preview-image").attr("src")).isEqualTo("/files/" + id + "/preview");
		assertThat(db.sql("select preview_type from file_versions where file_id = ?")
			.param(id)
			.query(String.class)
			.single()).isEqualTo("PNG");
		assertThat(alice.sendForBytes(alice.request("/files/" + id + "/preview").GET().build())
			.headers()
			.firstValue("Content-Type")).hasValue("image/png");
	}

	static byte[] png() {
		try {
			var image = new java.awt.image.BufferedImage(3, 2, java.awt.image.BufferedImage.TYPE_INT_RGB);
			image.setRGB(1, 1, 0xCC3300);
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			ImageIO.write(image, "png", out);
			return out.toByteArray();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
