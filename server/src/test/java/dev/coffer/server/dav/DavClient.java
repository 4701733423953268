package dev.coffer.server.dav;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

/**
 * A WebDAV client over the test server's HTTPS: every request with HTTP Basic, the name
 * and an access token (or whatever credentials a test gives), no cookies kept between
 * requests that matter.
 */
final class DavClient {

	private final WebClient web;

	private final String authorization;

	DavClient(TestServer server, String username, String password) {
		this.web = server.client();
		this.authorization = (username != null) ? "Basic "
				+ Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8))
				: null;
	}

	/**
	 * A request with a text body ({@code null} for none) and {@code name, value} headers.
	 */
	HttpResponse<String> send(String method, String path, String body, String... headers) {
		return this.web.send(request(method, path,
				(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody(),
				headers)
			.build());
	}

	HttpResponse<byte[]> get(String path, String... headers) {
		return this.web.sendForBytes(request("GET", path, HttpRequest.BodyPublishers.noBody(), headers).build());
	}

	HttpResponse<String> send(HttpRequest request) {
		return this.web.send(request);
	}

	HttpRequest.Builder request(String method, String path, HttpRequest.BodyPublisher body, String... headers) {
		HttpRequest.Builder request = this.web.request(path).setHeader("Accept", "*/*").method(method, body);
		if (this.authorization != null) {
			request.setHeader("Authorization", this.authorization);
		}
		for (int i = 0; i < headers.length; i += 2) {
			request.setHeader(headers[i], headers[i + 1]);
		}
		return request;
	}

}
