package dev.coffer.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The plain HTTP methods of WebDAV the benchmark uses, PUT, GET and DELETE of a path,
 * against Coffer's {@code /dav/} (with HTTP Basic: user name and API token) or nginx's
 * document root (no credentials).
 */
final class DavClient {

	private final String base;

	private final List<String> headers;

	/** A PUT's headers: the content type the REST API's uploads send too. */
	private final List<String> putHeaders;

	/**
	 * @param base the collection the paths are under, e.g. {@code /dav/} or {@code /}
	 * @param user the Basic user name, or null for no credentials
	 * @param password the Basic password (Coffer: the API token)
	 */
	DavClient(String base, String user, String password) {
		this.base = base.endsWith("/") ? base : base + "/";
		this.headers = (user != null) ? List.of(basic(user, password)) : List.of();
		List<String> put = new ArrayList<>(this.headers);
		put.add("Content-Type: application/octet-stream");
		this.putHeaders = List.copyOf(put);
	}

	static String basic(String user, String password) {
		return "Authorization: Basic "
				+ Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	/** The request target of a path below the base, percent-encoded. */
	String target(String path) {
		try {
			// toASCIIString: the URI constructor leaves non-ASCII letters as they are.
			return new URI(null, null, this.base + path, null).toASCIIString();
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("Not a path: " + path, ex);
		}
	}

	/**
	 * PUTs a body; returns how long the answer took after the last byte was sent (the
	 * server's fsync and commit, if it makes any).
	 */
	long put(HttpConnection connection, String path, long length, HttpConnection.BodySource body) throws IOException {
		long[] bodySent = new long[1];
		HttpConnection.Response response = connection.send("PUT", target(path), this.putHeaders, length, (out) -> {
			body.writeTo(out);
			out.flush();
			bodySent[0] = System.nanoTime();
		}, (bytes, offset, n) -> {
		});
		long answered = System.nanoTime();
		if (response.status() != 201 && response.status() != 204 && response.status() != 200) {
			throw new IOException("PUT " + target(path) + " answered " + response.status());
		}
		return answered - bodySent[0];
	}

	/** GETs a file, discarding the bytes; hashes them if {@code hash}. */
	CofferApi.Downloaded get(HttpConnection connection, String path, boolean hash) throws IOException {
		MessageDigest digest = hash ? GeneratedContent.newSha256() : null;
		long[] received = new long[1];
		HttpConnection.BodySink sink = (digest != null) ? (bytes, offset, length) -> {
			digest.update(bytes, offset, length);
			received[0] += length;
		} : (bytes, offset, length) -> received[0] += length;
		HttpConnection.Response response = connection.send("GET", target(path), this.headers, -1, null, sink);
		if (response.status() != 200) {
			throw new IOException("GET " + target(path) + " answered " + response.status());
		}
		return new CofferApi.Downloaded(received[0],
				(digest != null) ? HexFormat.of().formatHex(digest.digest()) : null);
	}

	void delete(HttpConnection connection, String path) throws IOException {
		HttpConnection.Response response = connection.send("DELETE", target(path), this.headers, -1, null);
		if (response.status() != 204 && response.status() != 200) {
			throw new IOException("DELETE " + target(path) + " answered " + response.status());
		}
	}

}
