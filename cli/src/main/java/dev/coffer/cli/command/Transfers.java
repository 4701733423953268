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
import dev.coffer.cli.http.ServerConnection;

/**
 * The one place where file content passes between this machine and the server, as a
 * stream both ways (constant memory whatever the size), hashed with SHA-256 on the way so
 * that both ends can be compared. End-to-end encrypted content is hashed as ciphertext on
 * the way up (what the server stores and vouches for); on the way down it is decrypted
 * here and checked by its segments' authentication tags instead.
 */
final class Transfers {

	private static final int BUFFER = 256 * 1024;

	private Transfers() {
	}

	/**
	 * The server call that stores an upload: one for content of a known length (over a
	 * blocking connection of its own, faster for large files), one for a stream of
	 * unknown length (standard input, sent chunked).
	 */
	interface Destination {

		JsonObject send(long length, ServerConnection.ContentWriter content);

		JsonObject send(HttpRequest.BodyPublisher content);

		/**
		 * Your file at {@code target} (its folder, found or made, and its name there): a
		 * new file, or a new version of the one there; {@code endToEnd}: the content is
		 * end-to-end ciphertext, and the version is marked so.
		 */
		static Destination yours(CofferApi api, ResumablePut.Target target, boolean endToEnd) {
			return new Destination() {

				@Override
				public JsonObject send(long length, ServerConnection.ContentWriter content) {
					return api.upload(target.folderId(), target.name(), length, content, endToEnd);
				}

				@Override
				public JsonObject send(HttpRequest.BodyPublisher content) {
					return api.upload(target.folderId(), target.name(), content, endToEnd);
				}

			};
		}

		/** A new version of the file with this id (yours, or shared with you to edit). */
		static Destination newVersionOf(CofferApi api, String fileId) {
			return new Destination() {

				@Override
				public JsonObject send(long length, ServerConnection.ContentWriter content) {
					return api.uploadVersion(fileId, length, content);
				}

				@Override
				public JsonObject send(HttpRequest.BodyPublisher content) {
					return api.uploadVersion(fileId, content);
				}

			};
		}

	}

	/**
	 * Uploads your file at {@code target} from {@code source} and checks that the server
	 * stored what was sent (its SHA-256 against the one computed while sending).
	 * @param size the length in bytes, or -1 if unknown (standard input, a pipe)
	 * @return the file as the server has it now
	 */
	static JsonObject upload(CofferApi api, ResumablePut.Target target, Supplier<InputStream> source, long size,
			Progress progress) {
		return upload(target.path(), Destination.yours(api, target, false), source, size, progress);
	}

	/**
	 * As {@link #upload(CofferApi, ResumablePut.Target, Supplier, long, Progress)};
	 * {@code endToEnd}: the source is end-to-end ciphertext, and the version is marked
	 * so.
	 */
	static JsonObject upload(CofferApi api, ResumablePut.Target target, Supplier<InputStream> source, long size,
			Progress progress, boolean endToEnd) {
		return upload(target.path(), Destination.yours(api, target, endToEnd), source, size, progress);
	}

	/**
	 * Uploads {@code source} to {@code destination}, as
	 * {@link #upload(CofferApi, ResumablePut.Target, Supplier, long, Progress)} does.
	 * @param shown the name that messages give the file
	 */
	static JsonObject upload(String shown, Destination destination, Supplier<InputStream> source, long size,
			Progress progress) {
		String computed;
		JsonObject file;
		if (size >= 0) {
			String[] sent = new String[1];
			file = destination.send(size, (out) -> sent[0] = send(shown, source, size, out, progress));
			computed = sent[0];
		}
		else {
			MessageDigest sent = sha256();
			file = destination.send(HttpRequest.BodyPublishers
				.ofInputStream(() -> new DigestInputStream(progress.counting(source.get()), sent)));
			computed = HexFormat.of().formatHex(sent.digest());
		}
		progress.finish();
		String stored = file.get("sha256").getAsString();
		if (!stored.equalsIgnoreCase(computed)) {
			throw new CofferException(ExitCodes.CORRUPT_DOWNLOAD, "The server stored " + shown + " with SHA-256 "
					+ stored + ", but what was sent has " + computed + ". Upload it again.");
		}
		return file;
	}

	/**
	 * Writes {@code size} bytes of {@code source} to a request, hashing them on a second
	 * thread. A source of another length fails before its last byte is written: the
	 * server, short of the declared length, stores nothing. A local read failure is
	 * unchecked.
	 * @return their SHA-256, in hex
	 */
	private static String send(String name, Supplier<InputStream> source, long size, OutputStream out,
			Progress progress) throws IOException {
		try (InputStream in = source.get(); BackgroundSha256 sent = new BackgroundSha256(BUFFER, 4)) {
			if (size == 0 && readLocal(in, new byte[1], 1) > 0) {
				throw changedSize(name, size);
			}
			long left = size;
			while (left > 0) {
				byte[] buffer = sent.buffer();
				int n = readLocal(in, buffer, (int) Math.min(buffer.length, left));
				if (n <= 0) {
					throw changedSize(name, size);
				}
				left -= n;
				if (left == 0 && readLocal(in, new byte[1], 1) > 0) {
					throw changedSize(name, size);
				}
				sent.update(buffer, n);
				out.write(buffer, 0, n);
				progress.advance(n);
			}
			return sent.hex();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CofferException(ExitCodes.FAILED, "Interrupted", ex);
		}
	}

	private static CofferException changedSize(String name, long size) {
		return new CofferException(ExitCodes.LOCAL_FILE, name + " changed size while it was sent (it had " + size
				+ " bytes); nothing was stored. Upload it again once it no longer changes.");
	}

	/** Fills up to {@code length} bytes from a local source; fewer only at its end. */
	private static int readLocal(InputStream in, byte[] buffer, int length) {
		try {
			return in.readNBytes(buffer, 0, length);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the file", ex);
		}
	}

	/**
	 * Streams a download into {@code sink}, hashing and writing it on a second thread.
	 * @return the SHA-256 of what was written, in hex
	 */
	static String download(HttpResponse<InputStream> response, OutputStream sink, Progress progress) {
		try (InputStream in = response.body(); BackgroundSha256 received = new BackgroundSha256(BUFFER, 4, sink)) {
			while (true) {
				byte[] buffer = received.buffer();
				int n = readFully(in, buffer);
				if (n <= 0) {
					break;
				}
				received.update(buffer, n); // hashed and written on the second thread
				progress.advance(n);
			}
			String sha256 = received.hex();
			sink.flush();
			progress.finish();
			return sha256;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the download", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CofferException(ExitCodes.FAILED, "Interrupted", ex);
		}
	}

	/**
	 * Fills {@code buffer} from the server, short only at the end; 0 or -1 at the end.
	 */
	private static int readFully(InputStream in, byte[] buffer) {
		int filled = 0;
		while (filled < buffer.length) {
			int n = read(in, buffer, filled);
			if (n < 0) {
				break;
			}
			filled += n;
		}
		return filled;
	}

	/**
	 * Streams an end-to-end encrypted download into {@code sink}, decrypting it with
	 * {@code key}: only authenticated plaintext is written, and a ciphertext that was
	 * changed, cut short or made under another key fails before its end. The plaintext is
	 * hashed and written on a second thread. The ciphertext is not hashed: each of its
	 * segments is authenticated under a key the server never held, the last one marked as
	 * last, so a hash the server gives for it could only repeat that check.
	 * @return the SHA-256 of the plaintext written, in hex
	 */
	static String downloadDecrypting(HttpResponse<InputStream> response, OutputStream sink, Progress progress,
			FileKey key, String name, String consequence) {
		try (InputStream in = response.body();
				InputStream decrypting = key.decrypting(progress.counting(new ServerStream(in)));
				BackgroundSha256 written = new BackgroundSha256(BUFFER, 4, sink)) {
			while (true) {
				byte[] buffer = written.buffer();
				int n = decryptFully(decrypting, buffer, name, consequence);
				if (n <= 0) {
					break;
				}
				written.update(buffer, n); // hashed and written on the second thread
			}
			String sha256 = written.hex();
			sink.flush();
			progress.finish();
			return sha256;
		}
		catch (ServerStream.Broken ex) {
			throw broken(ex.getCause());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the download", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CofferException(ExitCodes.FAILED, "Interrupted", ex);
		}
	}

	/** Fills {@code buffer} with plaintext, short only at the end; 0 at the end. */
	private static int decryptFully(InputStream decrypting, byte[] buffer, String name, String consequence)
			throws ServerStream.Broken {
		int filled = 0;
		while (filled < buffer.length) {
			int n = decrypt(decrypting, buffer, filled, name, consequence);
			if (n < 0) {
				break;
			}
			filled += n;
		}
		return filled;
	}

	private static int decrypt(InputStream decrypting, byte[] buffer, int offset, String name, String consequence)
			throws ServerStream.Broken {
		try {
			return decrypting.read(buffer, offset, buffer.length - offset);
		}
		catch (ServerStream.Broken ex) {
			throw ex;
		}
		catch (IOException ex) {
			if (ex.getCause() instanceof ServerStream.Broken broken) {
				throw broken;
			}
			throw new CofferException(ExitCodes.CORRUPT_DOWNLOAD, name
					+ " does not decrypt: its content was changed, cut short, or is not the one its key was made for; "
					+ consequence + ".", ex);
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
	private static int read(InputStream in, byte[] buffer, int offset) {
		try {
			return in.read(buffer, offset, buffer.length - offset);
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
