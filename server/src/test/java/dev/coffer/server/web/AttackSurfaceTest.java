package dev.coffer.server.web;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input at the public surface: SQL injection, path traversal, header injection
 * (CR/LF), method tampering, oversized headers and bodies. Each must get a clean 4xx (or
 * be treated as the inert text it is) and leave every stored thing as it was.
 */
class AttackSurfaceTest {

	static final String PASSWORD = "correct horse battery staple";

	static final List<String> SQL_INJECTIONS = List.of("' OR '1'='1", "'; DROP TABLE users; --", "\" OR \"\"=\"",
			"1; DELETE FROM files", "admin'--", "%' OR 1=1 --", "') UNION SELECT password_hash FROM users --");

	static TestServer server;

	static WebClient user;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		user = server.client();
		user.signUp("target-user", PASSWORD);
		user.login("target-user", PASSWORD);
		put(user, "precious.txt", "precious content");
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void sqlInjection_inLoginSignUpSearchAndNames_isInert() {
		for (String payload : SQL_INJECTIONS) {
			HttpResponse<String> login = server.client().login(payload, payload);
			assertThat(login.headers().firstValue("Location").orElseThrow()).as(payload).endsWith("/login?error");
			assertThat(server.client().login("target-user' --", "x").headers().firstValue("Location").orElseThrow())
				.endsWith("/login?error");
			HttpResponse<String> signUp = server.client().signUp(payload, PASSWORD + payload);
			assertThat(signUp.statusCode()).as(payload).isEqualTo(400);
			HttpResponse<String> search = user
				.send(user.apiRequest("/api/v1/files?q=" + URLEncoder.encode(payload, StandardCharsets.UTF_8))
					.GET()
					.build());
			assertThat(search.statusCode()).as(payload).isEqualTo(200);
			assertThat(search.body()).as(payload).isEqualTo("[]");
			HttpResponse<String> sort = user
				.send(user.apiRequest("/api/v1/files?sort=" + URLEncoder.encode(payload, StandardCharsets.UTF_8))
					.GET()
					.build());
			// Not a column name: refused as a sort, never near the SQL.
			assertThat(sort.statusCode()).as(payload).isEqualTo(400);
			assertThat(sort.body()).as(payload).contains("\"field\":\"sort\"").doesNotContainIgnoringCase("sql");
		}
		// A name that looks like SQL is just a name: stored and shown as typed.
		HttpResponse<String> stored = put(user, "'; DROP TABLE files; --.txt", "still a file");
		assertThat(stored.statusCode()).isEqualTo(201);
		assertThat(names()).contains("'; DROP TABLE files; --.txt").contains("precious.txt");
		assertUnchanged();
	}

	@Test
	void pathTraversal_inNamesAndUrls_isRefused() {
		for (String name : List.of("../../etc/passwd", "..\\..\\windows\\win.ini", "..", "/etc/passwd",
				"%2e%2e%2fetc%2fpasswd".replace("%2f", "/"))) {
			assertThat(put(user, name, "x").statusCode()).as(name).isEqualTo(400);
		}
		for (String path : List.of("/api/v1/files/..%2F..%2Fetc%2Fpasswd/content",
				"/api/v1/files/%2e%2e/%2e%2e/content", "/files/..;/..;/etc/passwd", "/css/../../../../etc/passwd",
				"/api/v1/files/%00/content", "/files/%252e%252e%252fetc")) {
			HttpResponse<String> response = user.get(path, "Accept", "application/json");
			assertThat(response.statusCode()).as(path).isBetween(400, 404);
			assertThat(response.body()).as(path).doesNotContain("root:").doesNotContain("Exception");
		}
		assertUnchanged();
	}

	@Test
	void crlfInjection_cannotAddHeaders() {
		// In a download's file name (Content-Disposition), through a name containing
		// CR/LF: refused.
		HttpResponse<String> crlfName = put(user, "evil\r\nSet-Cookie: pwned=1.txt", "x");
		assertThat(crlfName.statusCode()).isEqualTo(400);
		// In the login redirect and error pages.
		HttpResponse<String> login = server.client().login("bob\r\nSet-Cookie: pwned=1", "x");
		assertThat(login.headers().allValues("Set-Cookie")).noneMatch((c) -> c.contains("pwned"));
		HttpResponse<String> search = user
			.get("/files?q=" + URLEncoder.encode("x\r\nSet-Cookie: pwned=1", StandardCharsets.UTF_8));
		assertThat(search.statusCode()).isEqualTo(200);
		assertThat(search.headers().allValues("Set-Cookie")).noneMatch((c) -> c.contains("pwned"));
		assertUnchanged();
	}

	@Test
	void methodTampering_isRefused() {
		String csrf = user.csrfToken();
		for (String method : List.of("TRACE", "PROPFIND", "MOVE")) {
			HttpResponse<String> response = user.send(user.request("/account")
				.method(method, BodyPublishers.noBody())
				.header("X-CSRF-TOKEN", csrf)
				.build());
			assertThat(response.statusCode()).as(method).isBetween(400, 405);
		}
		// Tomcat answers CONNECT with 501 Not Implemented: a refusal, not a failure.
		assertThat(rawStatus("CONNECT localhost:22 HTTP/1.1\r\nHost: localhost\r\n\r\n")).isIn(400, 405, 501);
		HttpResponse<String> overridden = user.send(user.apiRequest("/api/v1/files/names")
			.header("X-HTTP-Method-Override", "DELETE")
			.POST(BodyPublishers.noBody())
			.build());
		assertThat(overridden.statusCode()).isBetween(400, 405);
		HttpResponse<String> formOverride = user.postForm("/files?_method=DELETE", Map.of("_csrf", "x"));
		assertThat(formOverride.statusCode()).isEqualTo(403);
		HttpResponse<String> getLogout = user.get("/logout");
		assertThat(getLogout.statusCode()).isNotEqualTo(500);
		assertThat(user.get("/account").statusCode()).isEqualTo(200);
		assertUnchanged();
	}

	@Test
	void oversizedHeaders_andFormBodies_are4xx() throws Exception {
		String hugeHeader = "x".repeat(32 * 1024);
		int status = rawStatus("GET /login HTTP/1.1\r\nHost: localhost\r\nX-Huge: " + hugeHeader + "\r\n\r\n");
		assertThat(status).isBetween(400, 431);

		String hugeForm = "username=" + "a".repeat(200_000) + "&password=x";
		HttpResponse<String> form = server.client()
			.send(server.client()
				.request("/login")
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(BodyPublishers.ofString(hugeForm))
				.build());
		assertThat(form.statusCode()).isBetween(400, 413);

		HttpResponse<String> longName = server.client().login("u".repeat(100_000), "p");
		assertThat(longName.statusCode()).isBetween(300, 499);
		assertUnchanged();
	}

	@Test
	void malformedRequests_are4xx_notServerErrors() throws Exception {
		assertThat(rawStatus("GET /login HTTP/1.1\r\nHost: localhost\r\nContent-Length: -5\r\n\r\n")).isBetween(400,
				499);
		assertThat(rawStatus("GET /lo gin HTTP/1.1\r\nHost: localhost\r\n\r\n")).isBetween(400, 499);
		assertThat(rawStatus("GET /login HTTP/9.9\r\nHost: localhost\r\n\r\n")).isBetween(400, 505);
		HttpResponse<String> badJson = user.send(user.apiRequest("/api/v1/files/none")
			.header("Content-Type", "application/json")
			.method("PATCH", BodyPublishers.ofString("{{{{"))
			.build());
		assertThat(badJson.statusCode()).isBetween(400, 404);
		assertUnchanged();
	}

	private static void assertUnchanged() {
		assertThat(names()).contains("precious.txt");
		HttpResponse<byte[]> content = user
			.sendForBytes(user.apiRequest("/api/v1/files/content?name=precious.txt").GET().build());
		assertThat(new String(content.body(), StandardCharsets.UTF_8)).isEqualTo("precious content");
		WebClient fresh = server.client();
		assertThat(fresh.login("target-user", PASSWORD).headers().firstValue("Location").orElseThrow())
			.doesNotContain("error");
	}

	private static String names() {
		return user.send(user.apiRequest("/api/v1/files/names").GET().build()).body();
	}

	private static HttpResponse<String> put(WebClient client, String name, String content) {
		return client.send(client.apiRequest("/api/v1/files?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8))
			.header("Content-Type", "application/octet-stream")
			.PUT(BodyPublishers.ofString(content))
			.build());
	}

	/** Sends bytes no HTTP client library would send, and returns the status code. */
	private static int rawStatus(String request) {
		try (SSLSocket socket = (SSLSocket) dev.coffer.server.files.TestSockets.trusting(server)
			.createSocket("localhost", server.port())) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] head = in.readNBytes(12);
			String statusLine = new String(head, StandardCharsets.ISO_8859_1);
			if (!statusLine.startsWith("HTTP/1.1 ")) {
				return 400; // connection closed without a response: refused
			}
			return Integer.parseInt(statusLine.substring(9, 12));
		}
		catch (java.io.IOException ex) {
			return 400; // the server dropped the connection: refused
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
