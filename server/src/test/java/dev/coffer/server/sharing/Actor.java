package dev.coffer.server.sharing;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

/**
 * A user of the sharing tests: a signed-in browser session (or none, for anonymous) with
 * its CSRF token read once, and the few requests the tests make over and over.
 */
final class Actor {

	static final String PASSWORD = "correct horse battery staple";

	final String name;

	final WebClient client;

	private final String csrf;

	private Actor(String name, WebClient client, String csrf) {
		this.name = name;
		this.client = client;
		this.csrf = csrf;
	}

	/** Signs up and signs in {@code username}. */
	static Actor signedUp(TestServer server, String username) {
		WebClient client = server.client();
		client.signUp(username, PASSWORD);
		client.login(username, PASSWORD);
		return new Actor(username, client, client.csrfToken());
	}

	/**
	 * Someone not signed in, with the CSRF token of their anonymous session (so a refusal
	 * is about signing in, not about a missing token).
	 */
	static Actor anonymous(TestServer server) {
		WebClient client = server.client();
		String token = WebClient.html(client.get("/login")).selectFirst("input[name=_csrf]").attr("value");
		return new Actor("anonymous", client, token);
	}

	HttpRequest.Builder api(String path) {
		return this.client.request(path).setHeader("Accept", "application/json").setHeader("X-CSRF-TOKEN", this.csrf);
	}

	HttpResponse<String> send(HttpRequest.Builder request) {
		return this.client.send(request.build());
	}

	HttpResponse<String> get(String path) {
		return this.client.get(path);
	}

	HttpResponse<String> apiGet(String path) {
		return send(api(path).GET());
	}

	HttpResponse<String> apiJson(String method, String path, String json) {
		return send(api(path).header("Content-Type", "application/json").method(method, BodyPublishers.ofString(json)));
	}

	HttpResponse<String> apiDelete(String path) {
		return send(api(path).DELETE());
	}

	/** A page form post with this session's CSRF token. */
	HttpResponse<String> post(String path, String... fields) {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("_csrf", this.csrf);
		for (int i = 0; i + 1 < fields.length; i += 2) {
			values.put(fields[i], fields[i + 1]);
		}
		return this.client.postForm(path, values);
	}

	/** A multipart page form post, the CSRF token in the query as the pages send it. */
	HttpResponse<String> postFile(String path, String fileName, String content) {
		String boundary = "----b" + System.nanoTime();
		String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
				+ "\"\r\nContent-Type: text/plain\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
		return this.client.send(this.client.request(path + "?_csrf=" + encode(this.csrf))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(BodyPublishers.ofString(body))
			.build());
	}

	/** Uploads (or adds a version to) this user's file by name; returns its id. */
	String upload(String fileName, String content) {
		HttpResponse<String> response = send(
				api("/api/v1/files?name=" + encode(fileName)).header("Content-Type", "application/octet-stream")
					.PUT(BodyPublishers.ofString(content)));
		if (response.statusCode() != 200 && response.statusCode() != 201) {
			throw new AssertionError("Upload failed: " + response.statusCode() + " " + response.body());
		}
		return field(response.body(), "id");
	}

	/** Shares this user's file with {@code grantee}; returns the status. */
	int share(String fileId, String grantee, String permission) {
		return apiJson("PUT", "/api/v1/files/" + fileId + "/shares/" + encode(grantee),
				"{\"permission\":\"" + permission + "\"}")
			.statusCode();
	}

	int revoke(String fileId, String grantee) {
		return apiDelete("/api/v1/files/" + fileId + "/shares/" + encode(grantee)).statusCode();
	}

	/** Comments on a file; returns the comment's id. */
	String comment(String fileId, String body) {
		HttpResponse<String> response = apiJson("POST", "/api/v1/files/" + fileId + "/comments",
				"{\"body\":\"" + body + "\"}");
		if (response.statusCode() != 201) {
			throw new AssertionError("Comment failed: " + response.statusCode() + " " + response.body());
		}
		return field(response.body(), "id");
	}

	/**
	 * Sends one file through the public form of a request link, as a browser without the
	 * page's script would: loads the form (for its action and CSRF token), then posts the
	 * sender's fields, the empty honeypot and the file. Needs a server started with
	 * {@code coffer.requests.min-fill-time=0s}.
	 */
	static HttpResponse<String> sendThroughRequestLink(WebClient sender, String token, String name, String email,
			String message, String fileName, String content) {
		return postToRequestForm(sender, requestFormAction(sender, token), name, email, message, fileName, content);
	}

	/** The action of a request link's form, as its page gives it. */
	static String requestFormAction(WebClient sender, String token) {
		return WebClient.html(sender.get("/r/" + token)).selectFirst("form#drop-form").attr("action");
	}

	/**
	 * Posts one file to a request link's form action read earlier with
	 * {@link #requestFormAction}, as {@link #sendThroughRequestLink} does.
	 */
	static HttpResponse<String> postToRequestForm(WebClient sender, String action, String name, String email,
			String message, String fileName, String content) {
		String boundary = "----r" + System.nanoTime();
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("name", name);
		fields.put("email", email);
		fields.put("message", message);
		fields.put("website", "");
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		fields
			.forEach((field, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
					+ field + "\"\r\n\r\n" + value + "\r\n")
				.getBytes(StandardCharsets.UTF_8)));
		body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + fileName
				+ "\"\r\nContent-Type: text/plain\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n")
			.getBytes(StandardCharsets.UTF_8));
		return sender.send(sender.request(action)
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(BodyPublishers.ofByteArray(body.toByteArray()))
			.build());
	}

	static String field(String json, String name) {
		Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
		if (!matcher.find()) {
			throw new AssertionError("No " + name + " in " + json);
		}
		return matcher.group(1);
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return this.name;
	}

}
