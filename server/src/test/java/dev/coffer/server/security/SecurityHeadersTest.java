package dev.coffer.server.security;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of response carries the security headers of DESIGN.md §5. */
class SecurityHeadersTest {

	static final String PASSWORD = "correct horse battery staple";

	static TestServer server;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		server.client().signUp("header-user", PASSWORD);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void everyResponse_carriesTheSecurityHeaders() {
		WebClient anonymous = server.client();
		WebClient signedIn = server.client();
		signedIn.login("header-user", PASSWORD);
		List<HttpResponse<String>> responses = new ArrayList<>();
		responses.add(anonymous.get("/login"));
		responses.add(anonymous.get("/signup"));
		responses.add(anonymous.get("/account")); // redirect to login
		responses.add(anonymous.get("/css/coffer.css"));
		responses.add(anonymous.get("/js/coffer.js"));
		responses.add(anonymous.get("/actuator/health"));
		responses.add(anonymous.get("/api/v1/files")); // 401 problem
		responses.add(anonymous.postForm("/login", Map.of("username", "x", "password", "y"))); // 403
																								// CSRF
		responses.add(anonymous.login("header-user", "wrong password here")); // failed
																				// login
																				// redirect
		responses.add(signedIn.get("/account"));
		responses.add(signedIn.get("/no/such/page")); // 404 page
		for (HttpResponse<String> response : responses) {
			String where = response.request().method() + " " + response.uri() + " -> " + response.statusCode();
			assertThat(response.headers().firstValue("Content-Security-Policy")).as(where)
				.hasValue(SecurityConfiguration.CONTENT_SECURITY_POLICY);
			assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow()).as(where)
				.contains("default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'",
						"base-uri 'none'", "form-action 'self'")
				.doesNotContain("unsafe-inline", "unsafe-eval");
			assertThat(response.headers().firstValue("Strict-Transport-Security")).as(where)
				.hasValueSatisfying((v) -> assertThat(v).contains("max-age=31536000"));
			assertThat(response.headers().firstValue("X-Content-Type-Options")).as(where).hasValue("nosniff");
			assertThat(response.headers().firstValue("Referrer-Policy")).as(where).hasValue("no-referrer");
			assertThat(response.headers().firstValue("X-Frame-Options")).as(where).hasValue("DENY");
			assertThat(response.headers().firstValue("Permissions-Policy")).as(where)
				.hasValueSatisfying((v) -> assertThat(v).contains("camera=()", "microphone=()", "geolocation=()"));
		}
	}

	@Test
	void pages_containNoInlineScriptOrStyle() {
		WebClient browser = server.client();
		browser.login("header-user", PASSWORD);
		for (String path : new String[] { "/account", "/no/such/page" }) {
			assertNoInline(browser.get(path));
		}
		WebClient anonymous = server.client();
		for (String path : new String[] { "/login", "/signup" }) {
			assertNoInline(anonymous.get(path));
		}
	}

	@Test
	void sessionCookie_isHostPrefixed_secure_httpOnly_sameSiteLax() {
		HttpResponse<String> login = server.client().get("/login");
		String cookie = login.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((c) -> c.startsWith("__Host-coffer-session="))
			.findFirst()
			.orElseThrow();
		assertThat(cookie).contains("; Path=/", "; Secure", "; HttpOnly", "; SameSite=Lax").doesNotContain("Domain=");
	}

	@Test
	void signedInPages_areNotCached() {
		WebClient browser = server.client();
		browser.login("header-user", PASSWORD);
		assertThat(browser.get("/account").headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
	}

	private static void assertNoInline(HttpResponse<String> response) {
		var html = WebClient.html(response);
		assertThat(html.select("script:not([src])")).as(response.uri().toString()).isEmpty();
		assertThat(html.select("style")).as(response.uri().toString()).isEmpty();
		assertThat(html.select("[style]")).as(response.uri().toString()).isEmpty();
		assertThat(html.select("[onclick],[onload],[onsubmit],[onerror]")).as(response.uri().toString()).isEmpty();
	}

}
