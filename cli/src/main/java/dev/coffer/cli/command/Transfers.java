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
import dev.coffer.cli.e2e.FileKey;
import dev.coffer.cli.http.CofferApi;

/**
 * The one place where file content passes between this machine and the server, as a
 * stream both ways (constant memory whatever the size), hashed with SHA-256 on the way so
 * that both ends can be compared. End-to-end encrypted content is hashed as ciphertext
 * (what the server stores and vouches for) and decrypted here on the way down.
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
		return upload(api, name, source, size, progress, false);
	}

	/**
	 * As {@link #upload(CofferApi, String, Supplier, long, Progress)}; {@code endToEnd}:
	 * the source is end-to-end ciphertext, and the version is marked so.
	 */
	static JsonObject upload(CofferApi api, String name, Supplier<InputStream> source, long size, Progress progress,
			boolean endToEnd) {
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
		JsonObject file = name.contains("/") ? api.uploadToPath(name, body, endToEnd)
				: api.upload(name, body, endToEnd);
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

	/** The SHA-256 of the ciphertext received and of the plaintext written, in hex. */
	record Decrypted(String ciphertextSha256, String plaintextSha256) {
	}

	/**
	 * Streams an end-to-end encrypted download into {@code sink}, decrypting it with
	 * {@code key}: only authenticated plaintext is written, and a ciphertext that was
	 * changed, cut short or made under another key fails before its end.
	 */
	static Decrypted downloadDecrypting(HttpResponse<InputStream> response, OutputStream sink, Progress progress,
			FileKey key, String name) {
		MessageDigest received = sha256();
		MessageDigest written = sha256();
		byte[] buffer = new byte[BUFFER];
		try (InputStream in = response.body();
				InputStream decrypting = key
					.decrypting(new DigestInputStream(progress.counting(new ServerStream(in)), received))) {
			int n;
			while ((n = decrypt(decrypting, buffer, name)) >= 0) {
				written.update(buffer, 0, n);
				sink.write(buffer, 0, n);
			}
			sink.flush();
		}
		catch (ServerStream.Broken ex) {
			throw broken(ex.getCause());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the download", ex);
		}
		progress.finish();
		return new Decrypted(HexFormat.of().formatHex(received.digest()), HexFormat.of().formatHex(written.digest()));
	}

	private static int decrypt(InputStream decrypting, byte[] buffer, String name) throws ServerStream.Broken {
		try {
			return decrypting.read(buffer);
		}
		catch (ServerStream.Broken ex) {
			throw ex;
		}
		catch (IOException ex) {
			if (ex.getCause() instanceof ServerStream.Broken broken) {
				throw broken;
			}
			throw new CofferException(ExitCodes.CORRUPT_DOWNLOAD, name
					+ " does not decrypt: its content was changed, cut short, or is not the one its key was made for. "
					+ "Nothing was kept.", ex);
		}
	}

	/** The server's body, whose read failures are told apart from decryption's. */
	private static final class ServerStream extends java.io.FilterInputStream {

		ServerStream(InputStream in) {
			super(in);
		}

		@Override
		public int read() throws IOException {
			try {
				return super.read();
			}
			catch (IOException ex) {
				throw new Broken(ex);
			}
		}

		@Override
		public int read(byte[] bytes, int offset, int length) throws IOException {
			try {
				return super.read(bytes, offset, length);
			}
			catch (IOException ex) {
				throw new Broken(ex);
			}
		}

		static final class Broken extends IOException {

			Broken(IOException cause) {
				super(cause);
			}

		}

	}

	private static CofferException broken(Throwable cause) {
		return new CofferException(ExitCodes.UNREACHABLE,
				"The download broke off before the end; nothing was kept. Try again, and if it keeps "
						+ "happening, tell the server's administrator.",
				cause);
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
