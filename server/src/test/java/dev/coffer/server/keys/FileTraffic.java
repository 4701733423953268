package dev.coffer.server.keys;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

/**
 * Uploads and downloads files by name over the API as a signed-in browser's script does,
 * remembering the SHA-256 of what was uploaded under each name.
 */
final class FileTraffic {

	static final String PASSWORD = "correct horse battery staple";

	private final WebClient client;

	private final String csrfToken;

	final Map<String, String> sha256ByName = new ConcurrentHashMap<>();

	/**
	 * A new account's signed-in client (signing in explicitly, whether or not sign-up
	 * already did).
	 */
	static WebClient signedUp(TestServer server, String username) {
		WebClient client = server.client();
		client.signUp(username, PASSWORD);
		client.login(username, PASSWORD);
		return client;
	}

	FileTraffic(WebClient client) {
		this.client = client;
		this.csrfToken = client.csrfToken();
	}

	/** Uploads random content; returns the status. */
	int upload(String name, int size, Random random) {
		byte[] content = new byte[size];
		random.nextBytes(content);
		HttpResponse<String> response = this.client.send(this.client.request("/api/v1/files?name=" + encode(name))
			.setHeader("Accept", "application/json")
			.setHeader("X-CSRF-TOKEN", this.csrfToken)
			.setHeader("Content-Type", "application/octet-stream")
			.PUT(HttpRequest.BodyPublishers.ofByteArray(content))
			.build());
		if (response.statusCode() / 100 == 2) {
			this.sha256ByName.put(name, sha256(content));
		}
		return response.statusCode();
	}

	/**
	 * Downloads the file; returns null if it came back complete with the SHA-256 of what
	 * was uploaded, else what went wrong.
	 */
	String checkDownload(String name) {
		String expected = this.sha256ByName.get(name);
		HttpResponse<byte[]> response = this.client
			.sendForBytes(this.client.request("/api/v1/files/content?name=" + encode(name))
				.setHeader("Accept", "*/*")
				.GET()
				.build());
		if (response.statusCode() != 200) {
			return name + ": HTTP " + response.statusCode();
		}
		String actual = sha256(response.body());
		return actual.equals(expected) ? null : name + ": SHA-256 " + actual + ", expected " + expected;
	}

	static String sha256(byte[] content) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(String name) {
		return URLEncoder.encode(name, StandardCharsets.UTF_8);
	}

}
