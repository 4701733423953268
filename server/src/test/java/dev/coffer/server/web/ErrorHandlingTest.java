package dev.coffer.server.web;

import java.util.List;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;
import dev.coffer.testendpoints.FailingEndpoints;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Errors reach clients as a status, a helpful sentence and a reference id: never a stack
 * trace, an exception message, a class name or SQL. A test-only controller provokes real
 * failures.
 */
@ExtendWith(OutputCaptureExtension.class)
class ErrorHandlingTest {

	static final String PASSWORD = "correct horse battery staple";

	static final String SECRET = FailingEndpoints.SECRET;

	static TestServer server;

	static WebClient browser;

	@BeforeAll
	static void start() {
		server = TestServer.startWith(new Class<?>[] { FailingEndpoints.class });
		server.client().signUp("err-user", PASSWORD);
		browser = server.client();
		browser.login("err-user", PASSWORD);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void unknownUrl_is404_page_withoutInternals() {
		HttpResponse<String> response = browser.get("/definitely/not/here");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
		assertThat(response.body()).contains("404").contains("There is nothing here");
		assertNoInternals(response);
	}

	@Test
	void unknownApiUrl_is404_problemJson() {
		HttpResponse<String> response = browser.get("/api/v1/definitely-not-here", "Accept", "application/json");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(response.body()).contains("\"status\":404");
		assertNoInternals(response);
	}

	@Test
	void serverError_inPage_is500_withReference_andNoInternals() {
		HttpResponse<String> response = browser.get("/test-only/page-failure");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(WebClient.html(response).select("code").text()).matches("[0-9a-f]{8}");
		assertNoInternals(response);
	}

	@Test
	void serverError_inApi_is500_problemWithReference_andNoInternals() {
		HttpResponse<String> response = browser.get("/api/test-only/failure", "Accept", "application/json");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(response.body()).containsPattern("\"reference\":\"[0-9a-f]{8}\"");
		assertNoInternals(response);
	}

	@Test
	void wrongMethod_is405_withoutInternals() {
		HttpResponse<String> response = browser.send(browser.request("/account")
			.method("DELETE", java.net.http.HttpRequest.BodyPublishers.noBody())
			.build());
		assertThat(response.statusCode()).isIn(403, 405);
		assertNoInternals(response);
	}

	@Test
	void errorPathRequestedDirectly_whileSignedIn_is404_andLogsNoError(CapturedOutput output) {
		HttpResponse<String> page = browser.get("/error");
		HttpResponse<String> problem = browser.get("/error", "Accept", "application/json");
		assertThat(page.statusCode()).isEqualTo(404);
		assertThat(WebClient.html(page).text()).doesNotContain("Reference");
		assertThat(problem.statusCode()).isEqualTo(404);
		assertThat(problem.body()).doesNotContain("reference");
		assertThat(output.getAll()).doesNotContain(" ERROR ").doesNotContain("\tat ");
	}

	@Test
	void queryStringNotUtf8_onApi_is400Problem_andLogsNoError(CapturedOutput output) {
		HttpResponse<String> response = browser.get("/api/v1/files?q=%FF%FE", "Accept", "application/json");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(response.body()).contains("valid UTF-8").doesNotContain("reference");
		assertNoInternals(response);
		assertThat(output.getAll()).doesNotContain(" ERROR ").doesNotContain("\tat ");
	}

	@Test
	void queryStringNotUtf8_onPage_is400Page_withoutReference_andLogsNoError(CapturedOutput output) {
		HttpResponse<String> response = browser.get("/files?q=%FF%FE");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
		assertThat(WebClient.html(response).text()).contains("valid UTF-8").doesNotContain("Reference");
		assertNoInternals(response);
		assertThat(output.getAll()).doesNotContain(" ERROR ").doesNotContain("\tat ");
	}

	/**
	 * The sign-in page reads a parameter only while its template renders: a query that is
	 * not UTF-8 failed there as a 500 that Tomcat logged, for anyone, signed in or not.
	 */
	@Test
	void queryStringNotUtf8_onAPageThatReadsItOnlyWhileRendering_is400_andLogsNoError(CapturedOutput output) {
		for (String path : new String[] { "/login?y=%FF", "/login?error=%FF", "/signup?x=%FF%FE" }) {
			HttpResponse<String> response = server.client().get(path);
			assertThat(response.statusCode()).as(path).isEqualTo(400);
			assertThat(WebClient.html(response).text()).as(path).contains("valid UTF-8");
			assertNoInternals(response);
		}
		assertThat(output.getAll()).doesNotContain(" ERROR ").doesNotContain("\tat ");
	}

	/**
	 * A JSON body is read whole before its fields are checked: over 1 MiB it is a 413, at
	 * once when its length is declared, as it passes the limit when it is sent in chunks,
	 * and nothing is made of it.
	 */
	@Test
	void aJsonBodyOverTheLimit_is413_declaredOrChunked_andChangesNothing() {
		byte[] big = ("{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
		for (HttpRequest.BodyPublisher body : List.of(HttpRequest.BodyPublishers.ofByteArray(big),
				HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))) {
			HttpResponse<String> response = browser.send(browser.apiRequest("/api/v1/folders")
				.header("Content-Type", "application/json")
				.POST(body)
				.build());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
			assertThat(response.headers().firstValue("Content-Type").orElseThrow())
				.startsWith("application/problem+json");
			assertThat(response.body()).contains("A JSON request body can be at most 1 MiB.");
		}
		assertThat(browser.send(browser.apiRequest("/api/v1/folders/root/entries").GET().build()).body())
			.doesNotContain("xxxxxxxx");
		HttpResponse<String> small = browser.send(browser.apiRequest("/api/v1/folders")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + "y".repeat(200) + "\"}"))
			.build());
		assertThat(small.statusCode()).as("a body under the limit is read as before").isEqualTo(201);
	}

	@Test
	void aBodyOfTheWrongType_is415_sayingWhatToSend() {
		HttpResponse<String> response = browser.send(browser.apiRequest("/api/v1/folders")
			.header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}"))
			.build());
		assertThat(response.statusCode()).isEqualTo(415);
		assertThat(response.body()).contains("Send application/json.");
	}

	@Test
	void formNotUtf8_readByTheCsrfFilter_is400_notA500() {
		HttpResponse<String> response = server.client()
			.send(server.client()
				.request("/login")
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString("username=%FF&password=x"))
				.build());
		assertThat(response.statusCode()).isEqualTo(400);
		assertNoInternals(response);
	}

	@Test
	void pathRejectedByTheContainer_onApi_isTheDocumentedProblem_notTomcatsPage() {
		HttpResponse<String> response = browser.get("/api/v1/files/%FF", "Accept", "application/json");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(response.body()).contains("\"type\":\"about:blank\"")
			.contains("\"title\":\"Bad Request\"")
			.contains("\"status\":400")
			.contains("\"instance\":\"/api/v1/files/%FF\"")
			.doesNotContain("Tomcat");
	}

	@Test
	void pathRejectedByTheContainer_inBrowser_isAPlainPage_withoutServerName() {
		HttpResponse<String> response = browser.get("/files/a%00b");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
		assertThat(response.body()).contains("Bad Request").doesNotContain("Tomcat");
	}

	@Test
	void clientErrorFromAnApiController_hasTypeAndInstance() {
		String path = "/api/v1/files/00000000-0000-0000-0000-000000000000";
		HttpResponse<String> response = browser.get(path, "Accept", "application/json");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("\"type\":\"about:blank\"")
			.contains("\"instance\":\"" + path + "\"")
			.contains("\"title\":\"Not Found\"")
			.doesNotContain("reference");
	}

	@Test
	void unauthenticatedApiRequest_is401_inTheDocumentedShape() {
		HttpResponse<String> response = server.client().get("/api/v1/files", "Accept", "application/json");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).contains("\"type\":\"about:blank\"")
			.contains("\"title\":\"Unauthorized\"")
			.contains("\"status\":401")
			.contains("\"instance\":\"/api/v1/files\"");
	}

	@Test
	void notFoundPage_fromAController_showsNoReference() {
		HttpResponse<String> response = browser.get("/files/no-such-file");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(WebClient.html(response).text()).doesNotContain("Reference");
	}

	private static void assertNoInternals(HttpResponse<String> response) {
		assertThat(response.body()).doesNotContain(SECRET)
			.doesNotContain("Exception")
			.doesNotContain("at dev.coffer")
			.doesNotContain("at org.springframework")
			.doesNotContainIgnoringCase("stack")
			.doesNotContain("SELECT");
	}

}
