package dev.coffer.cli.command;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import com.google.gson.JsonObject;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;
import dev.coffer.cli.config.UnfinishedUploads;
import dev.coffer.cli.http.CofferApi;
import dev.coffer.cli.http.ResumableUploads;
import dev.coffer.cli.http.ServerProblemException;
import dev.coffer.cli.http.UntrustedServerException;

/**
 * Uploads a local file as a resumable upload (the server's tus uploads), in pieces of
 * {@code chunkSize}, declaring its SHA-256 so that the server checks the whole. Where it
 * stands is kept in {@link UnfinishedUploads}: a later run for the same unchanged file
 * (same size and last-modified time) and target asks the server how much arrived and
 * sends only the rest. Within a run, a broken connection or a server error is retried
 * {@link #MAX_RETRIES} times with growing pauses, each time from the offset the server
 * reports. A file that changed, or an upload the server no longer has, starts over.
 */
final class ResumablePut {

	static final int MAX_RETRIES = 5;

	private static final long FIRST_PAUSE_MILLIS = 1000;

	private static final long MAX_PAUSE_MILLIS = 30_000;

	/**
	 * Fewer than the server's most parts per upload (10,000), leaving room for breaks.
	 */
	private static final long MAX_PIECES = 9_000;

	private final CofferApi api;

	private final ResumableUploads uploads;

	private final UnfinishedUploads unfinished;

	private final URI server;

	private final Consumer<String> tell;

	ResumablePut(CofferApi api, UnfinishedUploads unfinished, Consumer<String> tell) {
		this.api = api;
		this.uploads = api.resumableUploads();
		this.unfinished = unfinished;
		this.server = api.connection().server();
		this.tell = tell;
	}

	/**
	 * Where a file goes: its path in your folders (as shown and remembered), and the id
	 * of the folder that holds it.
	 */
	record Target(String path, String folderId, String name) {
	}

	/**
	 * Uploads {@code file} to {@code target}, going on from an interrupted earlier run if
	 * there is one.
	 * @return the file as the server has it now
	 */
	JsonObject upload(Path file, Target target, long chunkSize, Progress progress) {
		Path path = file.toAbsolutePath().normalize();
		long size = size(path);
		String modified = modified(path);
		UnfinishedUploads.Entry entry = earlier(path, target, size, modified).orElse(null);
		String location = null;
		long offset = 0;
		if (entry != null) {
			Optional<Long> arrived = offsetIfKept(entry.location());
			if (arrived.isPresent()) {
				location = entry.location();
				offset = arrived.get();
				this.tell
					.accept("Resuming " + target.path() + " at " + Sizes.format(offset) + " of " + Sizes.format(size));
			}
			else {
				Optional<JsonObject> done = alreadyStored(target, entry.sha256());
				if (done.isPresent()) {
					this.unfinished.remove(this.server, path, target.path());
					progress.at(size);
					progress.finish();
					return done.get();
				}
				this.tell
					.accept("The server no longer has the interrupted upload of " + target.path() + "; starting over.");
			}
		}
		String sha256 = (entry != null) ? entry.sha256() : sha256(path);
		if (location == null) {
			location = this.uploads.start(size, metadata(target, sha256));
			entry = new UnfinishedUploads.Entry(this.server.toString(), path.toString(), target.path(), size, modified,
					sha256, location);
			this.unfinished.save(entry);
		}
		long piece = Math.max(chunkSize, (size + MAX_PIECES - 1) / MAX_PIECES);
		return send(path, target, entry, offset, piece, progress);
	}

	/** Sends from {@code offset} to the end, retrying what may pass. */
	private JsonObject send(Path path, Target target, UnfinishedUploads.Entry entry, long offset, long piece,
			Progress progress) {
		progress.at(offset);
		int failures = 0;
		boolean askOffset = false;
		while (true) {
			try {
				if (askOffset) {
					offset = this.uploads.offset(entry.location());
					progress.at(offset);
					askOffset = false;
				}
				long length = Math.min(piece, entry.size() - offset);
				ResumableUploads.Appended appended = this.uploads.append(entry.location(), offset,
						body(path, offset, length, progress));
				offset = appended.offset();
				failures = 0;
				if (appended.fileId() != null) {
					this.unfinished.remove(this.server, path, target.path());
					progress.finish();
					return checked(this.api.fileById(appended.fileId()), target, entry.sha256());
				}
			}
			catch (ServerProblemException ex) {
				if (isGone(ex)) {
					// Completed by a request whose answer was lost, or discarded.
					this.unfinished.remove(this.server, path, target.path());
					return alreadyStored(target, entry.sha256()).orElseThrow(() -> stopped(ex,
							"The server discarded the upload of " + target.path() + "; run the same put again."));
				}
				if (ex.status() == 401) {
					throw resumeLater(ex, target);
				}
				if (!isTransient(ex)) {
					cancel(entry.location());
					this.unfinished.remove(this.server, path, target.path());
					throw ex;
				}
				failures++;
				pauseBeforeRetry(ex, failures, target);
				askOffset = true;
			}
			catch (CofferException ex) {
				if (ex instanceof UntrustedServerException || ex.exitCode() != ExitCodes.UNREACHABLE) {
					throw resumeLater(ex, target);
				}
				failures++;
				pauseBeforeRetry(ex, failures, target);
				askOffset = true;
			}
		}
	}

	private void pauseBeforeRetry(CofferException ex, int failures, Target target) {
		if (failures > MAX_RETRIES) {
			throw resumeLater(ex, target);
		}
		long pause = Math.min(MAX_PAUSE_MILLIS, FIRST_PAUSE_MILLIS << (failures - 1));
		this.tell.accept("Upload of " + target.path() + " interrupted (" + ex.getMessage() + "); trying again in "
				+ (pause / 1000) + " s");
		try {
			Thread.sleep(pause);
		}
		catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
			throw resumeLater(new CofferException(ExitCodes.FAILED, "Interrupted", interrupted), target);
		}
	}

	/** The earlier run's upload of this file to this target, if the file is unchanged. */
	private Optional<UnfinishedUploads.Entry> earlier(Path path, Target target, long size, String modified) {
		Optional<UnfinishedUploads.Entry> entry = this.unfinished.find(this.server, path, target.path());
		if (entry.isPresent() && (entry.get().size() != size || !entry.get().modified().equals(modified))) {
			this.tell.accept(path + " changed since its upload was interrupted; starting over.");
			cancel(entry.get().location());
			this.unfinished.remove(this.server, path, target.path());
			return Optional.empty();
		}
		return entry;
	}

	/** The upload's offset, or empty if the server has it no more (404, 410). */
	private Optional<Long> offsetIfKept(String location) {
		try {
			return Optional.of(this.uploads.offset(location));
		}
		catch (ServerProblemException ex) {
			if (isGone(ex)) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	/**
	 * The target file, if its current version is the one this upload was to make: the
	 * last piece arrived, but its answer did not.
	 */
	private Optional<JsonObject> alreadyStored(Target target, String sha256) {
		return this.api.findFileIn(target.folderId(), target.name())
			.filter((file) -> sha256.equalsIgnoreCase(file.get("sha256").getAsString()));
	}

	/**
	 * Removes an upload that will not be finished; it expires on the server otherwise.
	 */
	private void cancel(String location) {
		try {
			this.uploads.cancel(location);
		}
		catch (CofferException ex) {
			// Gone already, or unreachable: the server's expiry removes it.
		}
	}

	private static JsonObject checked(JsonObject file, Target target, String sha256) {
		String stored = file.get("sha256").getAsString();
		if (!stored.equalsIgnoreCase(sha256)) {
			throw new CofferException(ExitCodes.CORRUPT_DOWNLOAD, "The server stored " + target.path()
					+ " with SHA-256 " + stored + ", but the file has " + sha256 + ". Upload it again.");
		}
		return file;
	}

	private static Map<String, String> metadata(Target target, String sha256) {
		Map<String, String> metadata = new LinkedHashMap<>();
		metadata.put("filename", target.name());
		metadata.put("folderId", target.folderId());
		metadata.put("sha256", sha256);
		return metadata;
	}

	/** {@code length} bytes of the file from {@code offset}, counted as they go. */
	private static HttpRequest.BodyPublisher body(Path path, long offset, long length, Progress progress) {
		if (length == 0) {
			// All arrived, but the server did not finish: an empty piece has it finish.
			return HttpRequest.BodyPublishers.noBody();
		}
		return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
			try {
				FileChannel channel = FileChannel.open(path).position(offset);
				return progress.counting(limited(Channels.newInputStream(channel), length));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read " + path, ex);
			}
		}), length);
	}

	private static InputStream limited(InputStream in, long length) {
		return new FilterInputStream(in) {

			private long left = length;

			@Override
			public int read() throws IOException {
				if (this.left <= 0) {
					return -1;
				}
				int b = super.read();
				if (b >= 0) {
					this.left--;
				}
				return b;
			}

			@Override
			public int read(byte[] buffer, int offset, int count) throws IOException {
				if (this.left <= 0) {
					return -1;
				}
				int n = super.read(buffer, offset, (int) Math.min(count, this.left));
				if (n > 0) {
					this.left -= n;
				}
				return n;
			}

		};
	}

	private static boolean isGone(ServerProblemException ex) {
		return ex.status() == 404 || ex.status() == 410;
	}

	/** A failure that may pass: the server's, a busy upload, too many requests. */
	private static boolean isTransient(ServerProblemException ex) {
		return ex.status() >= 500 || ex.status() == 409 || ex.status() == 429 || ex.status() == 408;
	}

	private static CofferException resumeLater(CofferException ex, Target target) {
		String message = ex.getMessage();
		return stopped(ex, message + (message.endsWith(".") ? " " : ". ")
				+ "Run the same put again to resume the upload of " + target.path() + " from where it stopped.");
	}

	private static CofferException stopped(CofferException ex, String message) {
		return new CofferException(ex.exitCode(), message, ex);
	}

	private static long size(Path path) {
		try {
			return Files.size(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + path, ex);
		}
	}

	private static String modified(Path path) {
		try {
			return Files.getLastModifiedTime(path).toInstant().toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + path, ex);
		}
	}

	/** The file's SHA-256, read once before sending, to be declared to the server. */
	private static String sha256(Path path) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			try (InputStream in = new DigestInputStream(Files.newInputStream(path), digest)) {
				in.transferTo(OutputStream.nullOutputStream());
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + path, ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
