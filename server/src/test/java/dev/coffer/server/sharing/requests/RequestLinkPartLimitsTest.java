package dev.coffer.server.sharing.requests;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.server.sharing.requests.RequestLinkClient.Created;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static dev.coffer.server.sharing.requests.RequestLinkClient.create;
import static dev.coffer.server.sharing.requests.RequestLinkClient.formAction;
import static dev.coffer.server.sharing.requests.RequestLinkClient.post;
import static dev.coffer.server.sharing.requests.RequestLinkClient.sender;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A post to a request link carries at most {@code coffer.files.max-files-per-request}
 * files (3 here) and a few form fields, whatever the link still accepts; more is a 413
 * and nothing is received.
 */
class RequestLinkPartLimitsTest {

	static final String PASSWORD = "correct horse battery staple";

	static TestServer server;

	static WebClient owner;

	@BeforeAll
	static void start() {
		server = TestServer.start("coffer.files.max-files-per-request=3", "coffer.requests.min-fill-time=0s");
		server.client().signUp("parts-owner", PASSWORD);
		owner = server.client();
		owner.login("parts-owner", PASSWORD);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void post_withMoreFilesThanTheCap_is413AndReceivesNothing() {
		Created request = create(owner, "Many files", 100, 1_000_000);
		HttpResponse<String> response = send(request, sender("Eve", "eve@example.org", ""), files(4));
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(WebClient.html(response).select(".flash.error").text()).contains("at most 3 files");
		assertThat(ownerFileCount()).isZero();
	}

	@Test
	void post_withManyEmptyFileInputsAndFields_is413AndReceivesNothing() {
		Created request = create(owner, "Many fields", 100, 1_000_000);
		Map<String, String> fields = sender("Eve", "eve@example.org", "");
		for (int i = 0; i < 300; i++) {
			fields.put("extra" + i, "x");
		}
		HttpResponse<String> response = send(request, fields, files(1));
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(ownerFileCount()).isZero();
	}

	private static HttpResponse<String> send(Created request, Map<String, String> fields, Map<String, byte[]> files) {
		WebClient sender = server.client();
		return post(sender, formAction(sender, request.token()), fields, files);
	}

	private static Map<String, byte[]> files(int count) {
		Map<String, byte[]> files = new LinkedHashMap<>();
		for (int i = 1; i <= count; i++) {
			files.put("part-" + i + ".txt", ("content " + i).getBytes(StandardCharsets.UTF_8));
		}
		return files;
	}

	private static long ownerFileCount() {
		return server.bean(JdbcClient.class)
			.sql("select count(*) from files f join users u on u.id = f.owner_id where u.username = 'parts-owner'")
			.query(Long.class)
			.single();
	}

}
