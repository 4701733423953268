package dev.coffer.server.files;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.support.SamplePdf;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PDF viewer page ({@code /files/{id}/pdf}) over HTTP: who may open it, that it is
 * served under the app's strict CSP (no eval, no inline script, workers only from this
 * origin), what it points its script at, and the PDF.js files it needs (and only those)
 * served as JavaScript. The drawing itself is checked in a browser
 * (browser.PreviewBrowserTest).
 */
class PdfViewerTest {

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
	void filePage_ofAPdf_linksToTheViewer_andTheViewerFetchesTheSandboxedPreview() {
		String id = FileFixtures.upload(alice, "report.pdf", SamplePdf.withPages("Quarterly report"));

		Document filePage = WebClient.html(alice.get("/files/" + id));
		assertThat(filePage.select(".file-preview a.preview-link").attr("href")).isEqualTo("/files/" + id + "/pdf");

		HttpResponse<String> viewer = alice.get("/files/" + id + "/pdf");
		assertThat(viewer.statusCode()).isEqualTo(200);
		Document page = WebClient.html(viewer);
		assertThat(page.select("h1").text()).isEqualTo("report.pdf");
		assertThat(page.select(".pdf-viewer").attr("data-pdf-url")).isEqualTo("/files/" + id + "/preview");
		assertThat(page.select("script[type=module]").eachAttr("src")).containsExactly("/js/pdf-viewer.js");
		assertThat(page.select("script:not([src])")).as("inline scripts").isEmpty();
		HttpResponse<byte[]> preview = alice.sendForBytes(alice.request("/files/" + id + "/preview").GET().build());
		assertThat(preview.headers().firstValue("Content-Type")).hasValue("application/pdf");
		assertThat(preview.headers().firstValue("Content-Security-Policy").orElseThrow()).startsWith("sandbox;");
	}

	@Test
	void viewer_ofAPdfInAFolder_leadsBackThroughTheFolder() {
		String reports = FileFixtures.folder(alice, "Reports", FolderService.ROOT);
		String id = FileFixtures.uploadInto(alice, reports, "annual.pdf", SamplePdf.withPages("Annual report"));

		Document page = WebClient.html(alice.get("/files/" + id + "/pdf"));
		assertThat(page.select("nav.breadcrumbs a").eachText()).containsExactly("My files", "Reports");
		assertThat(page.select("a.file-page-link").attr("href")).isEqualTo("/files/" + id);
	}

	@Test
	void viewer_isServedUnderTheStrictCsp_withoutEvalInlineScriptOrBlobWorkers() {
		String id = FileFixtures.upload(alice, "strict.pdf", SamplePdf.withPages("Strict"));

		HttpResponse<String> viewer = alice.get("/files/" + id + "/pdf");

		assertThat(viewer.statusCode()).isEqualTo(200);
		Map<String, List<String>> csp = directives(
				viewer.headers().firstValue("Content-Security-Policy").orElseThrow());
		assertThat(csp.get("script-src")).containsExactly("'self'");
		assertThat(csp.get("default-src")).containsExactly("'self'");
		// Workers fall back to script-src: only this origin's files, never blob: or
		// data:.
		assertThat(csp.get("worker-src")).isIn(null, List.of("'self'"));
		assertThat(csp.get("child-src")).isIn(null, List.of("'self'"));
		assertThat(csp.values().stream().flatMap(List::stream)).doesNotContain("'unsafe-eval'", "'unsafe-inline'",
				"'wasm-unsafe-eval'", "blob:", "*");
		assertThat(csp.get("object-src")).containsExactly("'none'");
		assertThat(csp.get("frame-ancestors")).containsExactly("'none'");
		assertThat(viewer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
	}

	@Test
	void viewer_ofSomeoneElsesPdf_is404_untilItIsSharedWithThem() {
		String id = FileFixtures.upload(bob, "bob's.pdf", SamplePdf.withPages("Private"));

		HttpResponse<String> denied = alice.get("/files/" + id + "/pdf");
		assertThat(denied.statusCode()).isEqualTo(404);
		assertThat(denied.body()).doesNotContain("bob's.pdf");
		assertThat(alice.get("/files/no-such-file/pdf").statusCode()).isEqualTo(404);

		FileFixtures.share(bob, id, "alice");
		assertThat(alice.get("/files/" + id + "/pdf").statusCode()).isEqualTo(200);
	}

	@Test
	void viewer_ofAFileThatIsNotAPdf_is404() {
		String png = FileFixtures.upload(alice, "picture.pdf", FilePreviewTest.png());
		String text = FileFixtures.upload(alice, "notes.pdf", "Notes on PDF-1.7\n".getBytes(StandardCharsets.UTF_8));

		for (String id : new String[] { png, text }) {
			HttpResponse<String> viewer = alice.get("/files/" + id + "/pdf");
			assertThat(viewer.statusCode()).isEqualTo(404);
			assertThat(viewer.body()).contains("This file is not a PDF");
		}
	}

	@Test
	void pdfJs_isServedAsJavaScript_onlyTheLibraryAndItsWorker() {
		// Public, like everything under /js/: asked without a session, as anyone may.
		WebClient anyone = new WebClient(server);
		for (String path : new String[] { "/js/pdfjs/pdf.min.mjs", "/js/pdfjs/pdf.worker.min.mjs",
				"/js/pdf-viewer.js" }) {
			HttpResponse<String> script = anyone.get(path);
			assertThat(script.statusCode()).as(path).isEqualTo(200);
			assertThat(script.headers().firstValue("Content-Type").orElseThrow()).as(path)
				.matches("text/javascript(;.*)?");
			assertThat(script.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
			// A worker runs under the CSP its script is served with: no eval there
			// either.
			assertThat(
					directives(script.headers().firstValue("Content-Security-Policy").orElseThrow()).get("script-src"))
				.as(path)
				.containsExactly("'self'");
		}
		assertThat(anyone.get("/js/pdfjs/pdf.min.mjs").body()).contains("Mozilla Foundation")
			.contains("isEvalSupported");
		// PDF.js compiles fonts and functions with new Function unless told not to.
		assertThat(anyone.get("/js/pdf-viewer.js").body()).contains("isEvalSupported: false");
		// Nothing else of the WebJar: not its other builds, not its sandbox for the
		// scripts in PDFs, not its source maps.
		for (String path : new String[] { "/js/pdfjs/pdf.mjs", "/js/pdfjs/pdf.sandbox.min.mjs",
				"/js/pdfjs/pdf.min.mjs.map", "/js/pdfjs/", "/js/pdfjs/LICENSE" }) {
			assertThat(anyone.get(path).statusCode()).as(path).isEqualTo(404);
		}
		// Nor the WebJar's own path, which needs a session to tell "not found" from "sign
		// in first".
		for (String path : new String[] { "/webjars/pdfjs-dist/4.10.38/build/pdf.min.mjs",
				"/META-INF/resources/webjars/pdfjs-dist/4.10.38/build/pdf.min.mjs" }) {
			assertThat(bob.get(path).statusCode()).as(path).isEqualTo(404);
		}
	}

	/** The directives of a CSP header, each with its sources. */
	private static Map<String, List<String>> directives(String header) {
		Map<String, List<String>> directives = new LinkedHashMap<>();
		for (String directive : header.split(";")) {
			List<String> parts = Arrays.asList(directive.strip().split("\\s+"));
			if (!parts.getFirst().isEmpty()) {
				directives.put(parts.getFirst(), parts.subList(1, parts.size()));
			}
		}
		return directives;
	}

}
