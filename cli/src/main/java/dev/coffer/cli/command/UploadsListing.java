package dev.coffer.cli.command;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import com.google.gson.JsonObject;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;
import dev.coffer.cli.config.UnfinishedUploads;
import dev.coffer.cli.http.ResumableUploads;

/**
 * Where each unfinished upload to one server stands: how much the server holds (HEAD), or
 * why its record was removed. A record whose local file is gone or changed is removed and
 * its upload cancelled on the server (a put would start over anyway); one whose upload
 * the server no longer has is removed. Once the server cannot be asked, the rest are not
 * asked either: each try could wait the whole connect timeout.
 */
final class UploadsListing {

	/** What became of an upload, with its word for scripts. */
	enum Status {

		RESUMABLE("resumable", false), NOT_ASKED("not-asked", false), GONE("gone", true),
		FILE_MISSING("file-missing", true), FILE_CHANGED("file-changed", true), CANCELLED("cancelled", true);

		private final String word;

		private final boolean removed;

		Status(String word, boolean removed) {
			this.word = word;
			this.removed = removed;
		}

	}

	private final ResumableUploads uploads;

	private final UnfinishedUploads unfinished;

	private final Consumer<String> tell;

	/** Why the server could not be asked, once it could not. */
	private CofferException serverFailure;

	UploadsListing(ResumableUploads uploads, UnfinishedUploads unfinished, Consumer<String> tell) {
		this.uploads = uploads;
		this.unfinished = unfinished;
		this.tell = tell;
	}

	/** Each unfinished upload to {@code server}, removing the records that are stale. */
	List<Row> list(URI server) {
		List<Row> rows = new ArrayList<>();
		for (UnfinishedUploads.Entry entry : this.unfinished.to(server)) {
			Row row = rowFor(entry);
			if (row.status().removed) {
				this.unfinished.remove(entry);
			}
			rows.add(row);
		}
		if (this.serverFailure != null) {
			this.tell.accept("Could not ask " + server + " how much it holds: " + this.serverFailure.getMessage());
		}
		return rows;
	}

	private Row rowFor(UnfinishedUploads.Entry entry) {
		Optional<Status> local = localFileStatus(entry);
		if (local.isPresent()) {
			return new Row(entry, local.get(), null, cancelOnServer(entry));
		}
		if (this.serverFailure != null) {
			return new Row(entry, Status.NOT_ASKED, null, this.serverFailure);
		}
		try {
			Optional<Long> held = this.uploads.offsetIfKept(entry.location());
			return held.map((bytes) -> new Row(entry, Status.RESUMABLE, bytes, null))
				.orElseGet(() -> new Row(entry, Status.GONE, null, null));
		}
		catch (CofferException ex) {
			this.serverFailure = ex;
			return new Row(entry, Status.NOT_ASKED, null, ex);
		}
	}

	/** Cancels the upload of a file that is gone or changed; the failure if it cannot. */
	private CofferException cancelOnServer(UnfinishedUploads.Entry entry) {
		if (this.serverFailure == null) {
			try {
				this.uploads.cancel(entry.location());
			}
			catch (CofferException ex) {
				this.serverFailure = ex;
			}
		}
		return this.serverFailure;
	}

	/** Why the local file cannot be resumed from: gone or changed; empty if it can. */
	private static Optional<Status> localFileStatus(UnfinishedUploads.Entry entry) {
		Path file = Path.of(entry.path());
		if (!Files.isRegularFile(file)) {
			return Optional.of(Status.FILE_MISSING);
		}
		try {
			boolean unchanged = entry.unchanged(Files.size(file),
					Files.getLastModifiedTime(file).toInstant().toString());
			return unchanged ? Optional.empty() : Optional.of(Status.FILE_CHANGED);
		}
		catch (IOException ex) {
			return Optional.of(Status.FILE_MISSING);
		}
	}

	/**
	 * One upload, as listed.
	 *
	 * @param entry its record
	 * @param status what became of it
	 * @param held the bytes the server holds, if it said
	 * @param serverFailure why the server could not be asked (to say how much it holds,
	 * or to cancel), or {@code null}
	 */
	record Row(UnfinishedUploads.Entry entry, Status status, Long held, CofferException serverFailure) {

		String line() {
			String started = (this.entry.started() != null) ? ", started " + LsCommand.when(this.entry.started()) : "";
			String what = this.entry.path() + " → " + this.entry.target() + ": ";
			return what + switch (this.status) {
				case RESUMABLE ->
					Sizes.format(this.held) + " of " + Sizes.format(this.entry.size()) + " on the server" + started;
				case NOT_ASKED -> Sizes.format(this.entry.size()) + ", " + unknownHeld() + started;
				case GONE -> "gone from the server (finished, cancelled or expired); record removed";
				case FILE_MISSING -> "the local file no longer exists; record removed" + cancelled();
				case FILE_CHANGED -> "the local file changed since the upload started; record removed" + cancelled();
				case CANCELLED -> "cancelled";
			};
		}

		private String unknownHeld() {
			return (this.serverFailure.exitCode() == ExitCodes.UNREACHABLE) ? "server unreachable"
					: "not known (the server did not say)";
		}

		private String cancelled() {
			return (this.serverFailure == null) ? " and its upload cancelled on the server"
					: " (the server could not be asked to cancel its upload; it expires there)";
		}

		/** For {@code --json}: the record (not the upload's location) and its status. */
		JsonObject json() {
			JsonObject json = new JsonObject();
			json.addProperty("file", this.entry.path());
			json.addProperty("target", this.entry.target());
			json.addProperty("server", this.entry.server());
			json.addProperty("size", this.entry.size());
			if (this.held != null) {
				json.addProperty("uploaded", this.held);
			}
			if (this.entry.started() != null) {
				json.addProperty("startedAt", this.entry.started());
			}
			json.addProperty("status", this.status.word);
			json.addProperty("removed", this.status.removed);
			return json;
		}

	}

}
