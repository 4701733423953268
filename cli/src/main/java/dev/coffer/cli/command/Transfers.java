package dev.coffer.cli.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;

import com.google.gson.JsonObject;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;
import dev.coffer.cli.http.CofferApi;

/**
 * The one place where file content passes between this machine and the server, as a
 * stream both ways (constant memory whatever the size), hashed with SHA-256 on the way so
 * that both ends can be compared. A layer that changes content on the way (the end-to-end
 * encryption to come) wraps the streams here.
 */
final class Transfers {

	private static final int BUFFER = 256 * 1024;

	private Transfers() {
	}

	/**
	 * Uploads {@code name} (a path in your folders if it has a "/") from {@code source}
	 * and checks that the server stored what was sent (its SHA-256 against the one
	 * computed while sending).
	 * @param size the length in bytes, or -1 if unknown (standard input)
	 * @return the file as the server has it now
	 */
	static JsonObject upload(CofferApi api, String name, Supplier<InputStream> source, long size, Progress progress) {
		MessageDigest sent = sha256();
		Supplier<InputStream> counted = () -> new DigestInputStream(progress.counting(source.get()), sent);
		HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofInputStream(counted);
		if (size == 0) {
			// Sent as an empty body, so that the server's refusal reaches the user.
			body = HttpRequest.BodyPublishers.noBody();
		}
		else if (size > 0) {
			body = HttpRequest.BodyPublishers.fromPublisher(body, size);
		}
		JsonObject file = name.contains("/") ? api.uploadToPath(name, body) : api.upload(name, body);
		progress.finish();
		String stored = file.get("sha256").getAsString();
		String computed = HexFormat.of().formatHex(sent.digest());
		if (!stored.equalsIgnoreCase(computed)) {
			throw new CofferException(ExitCodes.CORRUPT_DOWNLOAD, "The server stored " + name + " with SHA-256 "
					+ stored + ", but what was sent has " + computed + ". Upload it again.");
		}
		return file;
	}

	/**
	 * Streams a download into {@code sink}, hashing it.
	 * @return the SHA-256 of what was written, in hex
	 */
	static String download(HttpResponse<InputStream> response, OutputStream sink, Progress progress) {
		MessageDigest received = sha256();
		byte[] buffer = new byte[BUFFER];
		try (InputStream in = response.body()) {
			int n;
			while ((n = read(in, buffer)) >= 0) {
				received.update(buffer, 0, n);
				sink.write(buffer, 0, n);
				progress.advance(n);
			}
			sink.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the download", ex);
		}
		progress.finish();
		return HexFormat.of().formatHex(received.digest());
	}

	/**
	 * A read from the server; its failure is the connection's (the server cuts a download
	 * whose stored data fails authentication), not a local file's.
	 */
	private static int read(InputStream in, byte[] buffer) {
		try {
			return in.read(buffer);
		}
		catch (IOException ex) {
			throw new CofferException(ExitCodes.UNREACHABLE,
					"The download broke off before the end; nothing was kept. Try again, and if it keeps "
							+ "happening, tell the server's administrator.",
					ex);
		}
	}

	/** The SHA-256 the server gives a download: its strong ETag, the hash in quotes. */
	static String expectedSha256(HttpResponse<?> response, String fallback) {
		return response.headers()
			.firstValue("ETag")
			.map((etag) -> etag.replace("\"", ""))
			.filter((hash) -> hash.matches("[0-9a-fA-F]{64}"))
			.orElse(fallback);
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
