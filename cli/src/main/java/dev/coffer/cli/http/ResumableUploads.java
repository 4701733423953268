package dev.coffer.cli.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;

/**
 * The server's resumable uploads: the tus protocol 1.0.0 at {@code /api/v1/uploads}
 * (docs/API.md). {@link #start} makes an upload and gives its location, {@link #offset}
 * says how much of it arrived, {@link #append} sends the next piece, {@link #cancel}
 * removes it. An upload the server no longer has (404, 410: finished, cancelled or
 * expired) is reported as such where a caller can do without it. Failures are
 * {@link ServerProblemException}s (with the HTTP status) or {@link CofferException}s for
 * a broken connection, as for the rest of the API.
 */
public final class ResumableUploads {

	static final String TUS_VERSION = "1.0.0";

	private static final String COLLECTION = "/api/v1/uploads/";

	/** The header of the last piece with the whole file's SHA-256 (Coffer's own). */
	private static final String FILE_SHA256 = "Coffer-Sha256";

	private final ServerConnection connection;

	ResumableUploads(ServerConnection connection) {
		this.connection = connection;
	}

	/**
	 * What the server answered to a piece.
	 *
	 * @param offset the bytes of the upload it has now
	 * @param fileId the file the upload became once its last byte arrived, else
	 * {@code null}
	 */
	public record Appended(long offset, String fileId) {
	}

	/**
	 * Starts an upload of {@code length} bytes.
	 * @param metadata tus metadata ({@code filename}, {@code folderId}, {@code fileId},
	 * {@code sha256}), sent Base64-encoded
	 * @return its location on this server, {@code /api/v1/uploads/{id}}
	 */
	public String start(long length, Map<String, String> metadata) {
		String encoded = metadata.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + " "
					+ Base64.getEncoder().encodeToString(entry.getValue().getBytes(StandardCharsets.UTF_8)))
			.collect(Collectors.joining(","));
		HttpResponse<String> response = send(this.connection.request("/api/v1/uploads")
			.header("Upload-Length", Long.toString(length))
			.header("Upload-Metadata", encoded)
			.POST(HttpRequest.BodyPublishers.noBody()));
		String location = response.headers()
			.firstValue("Location")
			.orElseThrow(() -> new CofferException(ExitCodes.SERVER_ERROR,
					"The server started the upload but did not say where it is."));
		return ownLocation(location);
	}

	/**
	 * How many bytes of the upload at {@code location} the server has.
	 * @throws ServerProblemException 404 or 410 if it has no such upload (any more)
	 */
	public long offset(String location) {
		HttpResponse<String> response = send(
				this.connection.request(ownLocation(location)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
		return offsetOf(response);
	}

	/** The upload's offset, or empty if the server has it no more (404, 410). */
	public Optional<Long> offsetIfKept(String location) {
		try {
			return Optional.of(offset(location));
		}
		catch (ServerProblemException ex) {
			if (ex.isGone()) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	/**
	 * Sends {@code piece} to the upload at {@code location}, starting at {@code offset}.
	 * @param fileSha256 for the piece that completes the upload, the whole file's SHA-256
	 * (lower-case hex) for the server to check; else {@code null}
	 */
	public Appended append(String location, long offset, long length, String fileSha256,
			ServerConnection.ContentWriter piece) {
		HttpRequest.Builder request = this.connection.request(ownLocation(location))
			.header("Content-Type", "application/offset+octet-stream")
			.header("Upload-Offset", Long.toString(offset))
			.header("Tus-Resumable", TUS_VERSION)
			.method("PATCH", HttpRequest.BodyPublishers.noBody());
		if (fileSha256 != null) {
			request.header(FILE_SHA256, fileSha256);
		}
		HttpResponse<InputStream> response = this.connection.stream(request.build(), length, piece);
		Appended appended = new Appended(offsetOf(response),
				response.headers().firstValue("Coffer-File-Id").orElse(null));
		try {
			response.body().close();
		}
		catch (IOException ex) {
			// The answer is in; closing is only tidying up.
		}
		return appended;
	}

	/**
	 * Cancels the upload at {@code location}; the server removes what arrived of it. One
	 * it no longer has is cancelled already.
	 */
	public void cancel(String location) {
		try {
			send(this.connection.request(ownLocation(location)).DELETE());
		}
		catch (ServerProblemException ex) {
			if (!ex.isGone()) {
				throw ex;
			}
		}
	}

	/**
	 * Cancels an upload that will not be finished, if the server can be asked to; it
	 * expires on the server otherwise.
	 * @return whether it is cancelled
	 */
	public boolean cancelIfReachable(String location) {
		try {
			cancel(location);
			return true;
		}
		catch (CofferException ex) {
			return false;
		}
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		HttpResponse<String> response = this.connection.send(request.header("Tus-Resumable", TUS_VERSION).build(),
				HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		if (response.statusCode() >= 300) {
			String body = (response.body() != null) ? response.body() : "";
			throw this.connection.problem(response.statusCode(), body, response.headers().firstValue("Retry-After"));
		}
		return response;
	}

	private static long offsetOf(HttpResponse<?> response) {
		Optional<String> offset = response.headers().firstValue("Upload-Offset");
		if (offset.isEmpty() || !offset.get().matches("[0-9]{1,19}")) {
			throw new CofferException(ExitCodes.SERVER_ERROR,
					"The server did not say how much of the upload it has: is it a Coffer server?");
		}
		return Long.parseLong(offset.get());
	}

	/**
	 * The path of an upload on this connection's server: a location on another server
	 * (which would receive the token) is refused.
	 */
	private String ownLocation(String location) {
		URI uri = this.connection.server().resolve(location);
		URI server = this.connection.server();
		boolean sameServer = uri.getScheme().equals(server.getScheme()) && uri.getHost().equals(server.getHost())
				&& uri.getPort() == server.getPort();
		if (!sameServer || uri.getRawPath() == null || !uri.getRawPath().startsWith(COLLECTION)
				|| uri.getRawQuery() != null) {
			throw new CofferException(ExitCodes.SERVER_ERROR,
					"The server gave an upload location that is not one of its uploads: " + location);
		}
		return uri.getRawPath();
	}

}
