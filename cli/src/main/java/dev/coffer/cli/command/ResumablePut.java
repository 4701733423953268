package dev.coffer.cli.command;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongFunction;

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
 * {@code chunkSize}. The file is read once: each piece is hashed (SHA-256, on a second
 * thread) as it is sent, and the last piece, hashed just before it goes, declares the
 * whole file's SHA-256 for the server to check before the upload becomes a file. Where it
 * stands is kept in {@link UnfinishedUploads}: a later run for the same unchanged file
 * (same size and last-modified time) and target asks the server how much arrived and
 * sends only the rest. Within a run, a broken connection or a failure that may pass (5xx,
 * 409, 429) is retried {@link #MAX_RETRIES} times in a row with growing pauses, each time
 * from the offset the server reports. A file that changed, or an upload the server no
 * longer has, starts over; a refusal cancels the upload.
 */
final class ResumablePut {

	static final int MAX_RETRIES = 5;

	private static final long FIRST_PAUSE_MILLIS = 1000;

	private static final long MAX_PAUSE_MILLIS = 30_000;

	/**
	 * The longest wait the server may ask for: a little more than its lease on an upload
	 * (2 minutes), which a request that was cut off holds until it ends.
	 */
	private static final long MAX_SERVER_PAUSE_MILLIS = 150_000;

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
	 * Where a file goes: a name in one of your folders, or a new version of a file by its
	 * id.
	 *
	 * @param path its path, as shown and remembered
	 * @param folderId the id of the folder that holds it, or {@code null} with a
	 * {@code fileId}
	 * @param name its name there, or {@code null} with a {@code fileId}
	 * @param fileId the file it becomes a new version of, or {@code null} for a file by
	 * name
	 */
	record Target(String path, String folderId, String name, String fileId) {

		Target(String path, String folderId, String name) {
			this(path, folderId, name, null);
		}

		/**
		 * A new version of another user's file shared with you to edit (the server checks
		 * that you may).
		 */
		static Target newVersionOf(String shown, String fileId) {
			return new Target(shown, null, null, fileId);
		}

	}

	/**
	 * Uploads {@code path} to {@code target}, going on from an interrupted earlier run if
	 * there is one.
	 * @param checking shows a pass that only hashes the file (what arrived in an earlier
	 * run, before going on), given how many bytes it reads
	 * @param progress shows the upload
	 * @return the file as the server has it now
	 */
	JsonObject upload(Path path, Target target, long chunkSize, LongFunction<Progress> checking, Progress progress) {
		LocalFile file = LocalFile.of(path);
		UnfinishedUploads.Entry entry = earlier(file, target).orElse(null);
		long offset = 0;
		if (entry != null) {
			Optional<Long> arrived = this.uploads.offsetIfKept(entry.location());
			if (arrived.isPresent()) {
				offset = arrived.get();
				this.tell.accept("Resuming " + target.path() + " at " + Sizes.format(offset) + " of "
						+ Sizes.format(file.size()));
			}
			else {
				// Older clients kept the SHA-256 they declared at the start; this one
				// learns it only by the last piece, so it reads the file for it here.
				String sha256 = (entry.sha256() != null) ? entry.sha256() : file.sha256(checking.apply(file.size()));
				Optional<JsonObject> done = alreadyStored(target, sha256);
				if (done.isPresent()) {
					return finished(file, target, done.get(), sha256, progress);
				}
				this.tell
					.accept("The server no longer has the interrupted upload of " + target.path() + "; starting over.");
				entry = start(file, target);
			}
		}
		else {
			entry = start(file, target);
		}
		long piece = Math.max(chunkSize, (file.size() + MAX_PIECES - 1) / MAX_PIECES);
		return send(file, target, entry, offset, piece, checking, progress);
	}

	/**
	 * Whether an upload of {@code path} to {@code target} is recorded, for the same put
	 * run again to resume.
	 */
	boolean resumable(Path path, Target target) {
		return this.unfinished.find(this.server, path.toAbsolutePath().normalize(), target.path()).isPresent();
	}

	/**
	 * Cancels the upload of {@code path} to a target that can no longer be written to
	 * (such as a shared file whose share ended), if an earlier run left one: on the
	 * server, and from the record.
	 * @param targetPath the target's path as it was recorded ({@link Target#path()})
	 * @return whether there was one
	 */
	boolean cancelEarlier(Path path, String targetPath) {
		Path file = path.toAbsolutePath().normalize();
		Optional<UnfinishedUploads.Entry> entry = this.unfinished.find(this.server, file, targetPath);
		entry.ifPresent((earlier) -> {
			this.uploads.cancelIfReachable(earlier.location());
			this.unfinished.remove(this.server, file, targetPath);
		});
		return entry.isPresent();
	}

	private UnfinishedUploads.Entry start(LocalFile file, Target target) {
		String location = this.uploads.start(file.size(), metadata(target));
		UnfinishedUploads.Entry entry = new UnfinishedUploads.Entry(this.server.toString(), file.path().toString(),
				target.path(), file.size(), file.modified(), null, location, Instant.now().toString());
		this.unfinished.save(entry);
		return entry;
	}

	/** Sends from {@code offset} to the end, retrying what may pass. */
	private JsonObject send(LocalFile file, Target target, UnfinishedUploads.Entry entry, long offset, long piece,
			LongFunction<Progress> checking, Progress progress) {
		SentSha256 sent = SentSha256.upTo(file, offset, checking);
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
				long length = Math.min(piece, file.size() - offset);
				long at = offset;
				ResumableUploads.Appended appended = sent.send(at, length, progress, (fileSha256,
						content) -> this.uploads.append(entry.location(), at, length, fileSha256, content));
				offset = appended.offset();
				failures = 0;
				if (appended.fileId() != null) {
					return finished(file, target, this.api.fileById(appended.fileId()), sent.fileSha256(), progress);
				}
			}
			catch (ServerProblemException ex) {
				if (ex.isGone()) {
					// Completed by a request whose answer was lost, or by another run of
					// the
					// same put (which also sent the last piece), or discarded.
					this.unfinished.remove(this.server, file.path(), target.path());
					String sha256 = (sent.fileSha256() != null) ? sent.fileSha256()
							: file.sha256(checking.apply(file.size()));
					JsonObject stored = alreadyStored(target,
							sha256)
						.orElseThrow(() -> new CofferException(ex.exitCode(), "The server discarded the upload of "
								+ target.path() + " (" + ex.getMessage() + "). Run the same put again to start over.",
								ex));
					return finished(file, target, stored, sha256, progress);
				}
				giveUpUnlessTransient(ex, file, target, entry);
				pauseBeforeRetry(ex, ++failures, target);
				askOffset = true;
			}
			catch (CofferException ex) {
				if (ex instanceof UntrustedServerException || ex.exitCode() != ExitCodes.UNREACHABLE) {
					throw resumeLater(ex, target);
				}
				pauseBeforeRetry(ex, ++failures, target);
				askOffset = true;
			}
		}
	}

	/**
	 * Throws for a refusal that trying again will not change: a lost sign-in keeps the
	 * upload to resume; anything else (quota, not allowed, wrong SHA-256) cancels it.
	 */
	private void giveUpUnlessTransient(ServerProblemException ex, LocalFile file, Target target,
			UnfinishedUploads.Entry entry) {
		if (ex.status() == 401) {
			throw resumeLater(ex, target);
		}
		boolean transientFailure = ex.status() >= 500 || ex.status() == 408 || ex.status() == 409 || ex.status() == 429;
		if (!transientFailure) {
			this.uploads.cancelIfReachable(entry.location());
			this.unfinished.remove(this.server, file.path(), target.path());
			throw ex;
		}
	}

	/**
	 * Waits before the next try: as long as the server said ({@code Retry-After}, as when
	 * a request that was cut off still holds the upload), else longer each time.
	 */
	private void pauseBeforeRetry(CofferException ex, int failures, Target target) {
		if (failures > MAX_RETRIES) {
			throw resumeLater(ex, target);
		}
		long pause = Math.min(MAX_PAUSE_MILLIS, FIRST_PAUSE_MILLIS << (failures - 1));
		if (ex instanceof ServerProblemException problem && problem.retryAfter().isPresent()) {
			// A little over, as the server rounds to whole seconds.
			pause = Math.min(MAX_SERVER_PAUSE_MILLIS, problem.retryAfter().get().toMillis() + 250);
		}
		this.tell.accept("Upload of " + target.path() + " interrupted (" + reason(ex) + "); trying again in "
				+ (pause / 1000) + " s");
		try {
			Thread.sleep(pause);
		}
		catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
			throw resumeLater(new CofferException(ExitCodes.FAILED, "Interrupted", interrupted), target);
		}
	}

	/**
	 * Why a try failed, in this client's words: a conflict's answer tells API clients
	 * what to do next ("ask for the offset (HEAD)"), which this client does by itself.
	 */
	private static String reason(CofferException ex) {
		if (ex instanceof ServerProblemException problem && problem.status() == 409) {
			return problem.retryAfter().isPresent() ? "a request to it that was cut off still holds it on the server"
					: "the server has a different part of it than this run sent";
		}
		return ex.getMessage();
	}

	/** The earlier run's upload of this file to this target, if the file is unchanged. */
	private Optional<UnfinishedUploads.Entry> earlier(LocalFile file, Target target) {
		Optional<UnfinishedUploads.Entry> entry = this.unfinished.find(this.server, file.path(), target.path());
		if (entry.isPresent() && !entry.get().unchanged(file.size(), file.modified())) {
			this.tell.accept(file.path() + " changed since its upload was interrupted; starting over.");
			this.uploads.cancelIfReachable(entry.get().location());
			this.unfinished.remove(this.server, file.path(), target.path());
			return Optional.empty();
		}
		return entry;
	}

	/**
	 * The target file, if its current version is the one this upload was to make: the
	 * last piece arrived, but its answer did not.
	 */
	private Optional<JsonObject> alreadyStored(Target target, String sha256) {
		Optional<JsonObject> found = (target.fileId() != null) ? Optional.of(this.api.fileById(target.fileId()))
				: this.api.findFileIn(target.folderId(), target.name());
		return found.filter((file) -> sha256.equalsIgnoreCase(file.get("sha256").getAsString()));
	}

	/**
	 * Forgets the finished upload and checks that the server stored what the file has.
	 */
	private JsonObject finished(LocalFile file, Target target, JsonObject stored, String sha256, Progress progress) {
		this.unfinished.remove(this.server, file.path(), target.path());
		progress.at(file.size());
		progress.finish();
		String storedSha256 = stored.get("sha256").getAsString();
		if (!storedSha256.equalsIgnoreCase(sha256)) {
			throw new CofferException(ExitCodes.CORRUPT_DOWNLOAD, "The server stored " + target.path()
					+ " with SHA-256 " + storedSha256 + ", but the file has " + sha256 + ". Upload it again.");
		}
		return stored;
	}

	private static Map<String, String> metadata(Target target) {
		Map<String, String> metadata = new LinkedHashMap<>();
		if (target.fileId() != null) {
			metadata.put("fileId", target.fileId());
			return metadata;
		}
		metadata.put("filename", target.name());
		metadata.put("folderId", target.folderId());
		return metadata;
	}

	private static CofferException resumeLater(CofferException ex, Target target) {
		String message = ex.getMessage();
		return new CofferException(
				ex.exitCode(), message + (message.matches(".*[.?!]") ? " " : ". ")
						+ "Run the same put again to resume the upload of " + target.path() + " from where it stopped.",
				ex);
	}

}
