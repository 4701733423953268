package dev.coffer.server.web;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;
import dev.coffer.testendpoints.FailingEndpoints;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Errors reach clients as a status, a helpful sentence and a reference id: never a stack
 * trace, an exception message, a class name or SQL. A test-only controller provokes real
 * failures.
 */
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

	private static void assertNoInternals(HttpResponse<String> response) {
		assertThat(response.body()).doesNotContain(SECRET)
			.doesNotContain("Exception")
			.doesNotContain("at dev.coffer")
			.doesNotContain("at org.springframework")
			.doesNotContainIgnoringCase("stack")
			.doesNotContain("SELECT");
	}

}
