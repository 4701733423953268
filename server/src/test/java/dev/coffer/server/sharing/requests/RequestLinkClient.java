package dev.coffer.server.sharing.requests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.nodes.Element;

import dev.coffer.server.support.WebClient;

/**
 * What tests do with request links: create one through the API, and send files through
 * its public form as a browser would (page first, then the multipart post to the form's
 * action, which carries the CSRF token).
 */
final class RequestLinkClient {

	private RequestLinkClient() {
	}

	/** A request link just made: its id and its token. */
	record Created(String id, String token) {
	}

	static Created create(WebClient owner, String json) {
		HttpResponse<String> response = owner.send(owner.apiRequest("/api/v1/requests")
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(json))
			.build());
		if (response.statusCode() != 201) {
			throw new AssertionError("Create failed: " + response.statusCode() + " " + response.body());
		}
		return new Created(field(response.body(), "id"), field(response.body(), "token"));
	}

	static Created create(WebClient owner, String title, int maxFiles, long maxBytes) {
		return create(owner,
				"{\"title\":\"" + title + "\",\"maxFiles\":" + maxFiles + ",\"maxBytes\":" + maxBytes + "}");
	}

	static String field(String json, String name) {
		Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
		if (!matcher.find()) {
			throw new AssertionError("No " + name + " in " + json);
		}
		return matcher.group(1);
	}

	/** The public form's action (with its CSRF token), after loading the page. */
	static String formAction(WebClient sender, String token) {
		HttpResponse<String> page = sender.get("/r/" + token);
		Element form = WebClient.html(page).selectFirst("form#drop-form");
		if (form == null) {
			throw new AssertionError("No drop form: " + page.statusCode() + " " + page.body());
		}
		return form.attr("action");
	}

	/** Posts the fields, in order, then the files (name to content), to an action. */
	static HttpResponse<String> post(WebClient sender, String action, Map<String, String> fields,
			Map<String, byte[]> files) {
		String boundary = "----coffer" + System.nanoTime();
		return sender.send(sender.request(action)
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(BodyPublishers.ofByteArray(multipart(boundary, fields, files)))
			.build());
	}

	/**
	 * A post that is still being sent: the body up to the first bytes of the file whose
	 * content starts with {@code pauseIn} has gone out, the rest waits for
	 * {@link #release()}.
	 */
	static final class PausedPost {

		private final CountDownLatch released = new CountDownLatch(1);

		private final CompletableFuture<HttpResponse<String>> response;

		PausedPost(WebClient sender, String action, Map<String, String> fields, Map<String, byte[]> files,
				byte[] pauseIn) {
			String boundary = "----coffer" + System.nanoTime();
			byte[] body = multipart(boundary, fields, files);
			int pauseAt = indexOf(body, pauseIn) + 3;
			InputStream rest = new ByteArrayInputStream(Arrays.copyOfRange(body, pauseAt, body.length));
			InputStream waiting = new InputStream() {
				@Override
				public int read() throws IOException {
					byte[] one = new byte[1];
					return (read(one, 0, 1) < 0) ? -1 : (one[0] & 0xff);
				}

				@Override
				public int read(byte[] buffer, int offset, int length) throws IOException {
					awaitRelease();
					return rest.read(buffer, offset, length);
				}
			};
			InputStream content = new SequenceInputStream(new ByteArrayInputStream(body, 0, pauseAt), waiting);
			this.response = CompletableFuture.supplyAsync(() -> sender.send(sender.request(action)
				.header("Content-Type", "multipart/form-data; boundary=" + boundary)
				.POST(BodyPublishers.ofInputStream(() -> content))
				.build()));
		}

		void release() {
			this.released.countDown();
		}

		HttpResponse<String> response() throws Exception {
			return this.response.get(30, TimeUnit.SECONDS);
		}

		private void awaitRelease() throws IOException {
			try {
				if (!this.released.await(30, TimeUnit.SECONDS)) {
					throw new IOException("The test never released the post");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new InterruptedIOException();
			}
		}

		private static int indexOf(byte[] haystack, byte[] needle) {
			for (int i = 0; i <= haystack.length - needle.length; i++) {
				if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
					return i;
				}
			}
			throw new AssertionError("Not in the body");
		}

	}

	static Map<String, String> sender(String name, String email, String message) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("name", name);
		fields.put("email", email);
		fields.put("message", message);
		fields.put("website", "");
		return fields;
	}

	static byte[] multipart(String boundary, Map<String, String> fields, Map<String, byte[]> files) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		fields.forEach((name, value) -> write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\""
				+ name + "\"\r\n\r\n" + value + "\r\n"));
		files.forEach((name, content) -> {
			write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + name
					+ "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
			body.writeBytes(content);
			write(body, "\r\n");
		});
		write(body, "--" + boundary + "--\r\n");
		return body.toByteArray();
	}

	private static void write(ByteArrayOutputStream body, String text) {
		body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
	}

}
