package dev.coffer.server.support;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tus protocol as a client speaks it to {@code /api/v1/uploads}, with a
 * {@link WebClient}'s session and CSRF header.
 */
public final class Tus {

	private static final String UPLOADS = "/api/v1/uploads";

	private Tus() {
	}

	/** An API request carrying {@code Tus-Resumable: 1.0.0}. */
	public static HttpRequest.Builder request(WebClient client, String path) {
		return client.apiRequest(path).header("Tus-Resumable", "1.0.0");
	}

	/** The answer to a creation request ({@code POST}) without a body. */
	public static HttpResponse<String> createResponse(WebClient client, long length, String metadata) {
		return client.send(request(client, UPLOADS).header("Upload-Length", Long.toString(length))
			.header("Upload-Metadata", metadata)
			.POST(BodyPublishers.noBody())
			.build());
	}

	/** Starts an upload; its id. */
	public static String create(WebClient client, long length, String metadata) {
		HttpResponse<String> created = createResponse(client, length, metadata);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String location = created.headers().firstValue("Location").orElseThrow();
		assertThat(location).startsWith(UPLOADS + "/");
		return location.substring(UPLOADS.length() + 1);
	}

	/** Starts an upload of a new file of that name in the top folder; its id. */
	public static String createNamed(WebClient client, long length, String name) {
		return create(client, length, "filename " + base64(name));
	}

	public static HttpResponse<String> patch(WebClient client, String upload, long offset, byte[] piece) {
		return client.send(request(client, UPLOADS + "/" + upload).header("Upload-Offset", Long.toString(offset))
			.header("Content-Type", "application/offset+octet-stream")
			.method("PATCH", BodyPublishers.ofByteArray(piece))
			.build());
	}

	public static HttpResponse<String> head(WebClient client, String upload) {
		return client.send(request(client, UPLOADS + "/" + upload).method("HEAD", BodyPublishers.noBody()).build());
	}

	/** The offset {@code HEAD} reports. */
	public static long offset(WebClient client, String upload) {
		HttpResponse<String> head = head(client, upload);
		assertThat(head.statusCode()).isEqualTo(200);
		return Long.parseLong(head.headers().firstValue("Upload-Offset").orElseThrow());
	}

	/** The raw HTTP/1.1 head of a PATCH, for a body sent by hand over a socket. */
	public static String rawPatchHead(WebClient client, String upload, long offset, long contentLength) {
		return "PATCH " + UPLOADS + "/" + upload + " HTTP/1.1\r\nHost: localhost\r\n" + "Cookie: __Host-coffer-session="
				+ client.sessionCookie() + "\r\nX-CSRF-TOKEN: " + client.csrfToken() + "\r\n"
				+ "Tus-Resumable: 1.0.0\r\nUpload-Offset: " + offset + "\r\n"
				+ "Content-Type: application/offset+octet-stream\r\nContent-Length: " + contentLength + "\r\n\r\n";
	}

	public static String base64(String value) {
		return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
	}

}
