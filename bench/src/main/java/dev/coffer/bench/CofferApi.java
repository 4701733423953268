package dev.coffer.bench;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The few calls of Coffer's REST API the benchmark makes, with a bearer token. */
final class CofferApi {

	private final List<String> authorization;

	CofferApi(String token) {
		this.authorization = List.of("Authorization: Bearer " + token);
	}

	/**
	 * A stored file as the upload's response describes it, and how long the server took
	 * to answer after the last byte of the body was sent (its fsync and database commit).
	 */
	record Uploaded(String id, String sha256, long size, long answerAfterBodyNanos) {
	}

	/** A download: how many bytes came, and their SHA-256 if it was computed. */
	record Downloaded(long bytes, String sha256) {
	}

	Uploaded upload(HttpConnection connection, String name, long length, HttpConnection.BodySource body)
			throws IOException {
		List<String> headers = List.of(this.authorization.getFirst(), "Content-Type: application/octet-stream");
		long[] bodySent = new long[1];
		HttpConnection.Response response = connection.send("PUT",
				"/api/v1/files?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8), headers, length, (out) -> {
					body.writeTo(out);
					out.flush();
					bodySent[0] = System.nanoTime();
				});
		long answered = System.nanoTime();
		if (response.status() != 200 && response.status() != 201) {
			throw new IOException(
					"Upload of " + name + " answered " + response.status() + ": " + abbreviate(response.bodyText()));
		}
		String json = response.bodyText();
		return new Uploaded(jsonString(json, "id"), jsonString(json, "sha256"), jsonLong(json, "size"),
				answered - bodySent[0]);
	}

	/**
	 * Downloads a file's content, discarding the bytes; hashes them if {@code hash}.
	 */
	Downloaded download(HttpConnection connection, String id, boolean hash) throws IOException {
		MessageDigest digest = hash ? GeneratedContent.newSha256() : null;
		long[] received = new long[1];
		HttpConnection.BodySink sink = (digest != null) ? (bytes, offset, length) -> {
			digest.update(bytes, offset, length);
			received[0] += length;
		} : (bytes, offset, length) -> received[0] += length;
		HttpConnection.Response response = connection.send("GET", "/api/v1/files/" + id + "/content",
				this.authorization, -1, null, sink);
		if (response.status() != 200) {
			throw new IOException("Download of " + id + " answered " + response.status());
		}
		return new Downloaded(received[0], (digest != null) ? HexFormat.of().formatHex(digest.digest()) : null);
	}

	void delete(HttpConnection connection, String id) throws IOException {
		HttpConnection.Response response = connection.send("DELETE", "/api/v1/files/" + id, this.authorization, -1,
				null);
		if (response.status() != 204 && response.status() != 200) {
			throw new IOException("Delete of " + id + " answered " + response.status());
		}
	}

	/** A top-level string field of a small JSON object (the API's responses). */
	static String jsonString(String json, String field) throws IOException {
		Matcher matcher = Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
		if (!matcher.find()) {
			throw new IOException("No \"" + field + "\" in " + abbreviate(json));
		}
		return matcher.group(1);
	}

	/** A top-level number field of a small JSON object. */
	static long jsonLong(String json, String field) throws IOException {
		Matcher matcher = Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*(-?\\d+)").matcher(json);
		if (!matcher.find()) {
			throw new IOException("No \"" + field + "\" in " + abbreviate(json));
		}
		return Long.parseLong(matcher.group(1));
	}

	private static String abbreviate(String text) {
		return (text.length() > 300) ? text.substring(0, 300) + "..." : text;
	}

}
