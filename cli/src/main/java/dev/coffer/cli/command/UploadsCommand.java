package dev.coffer.cli.command;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonArray;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;
import dev.coffer.cli.config.UnfinishedUploads;
import dev.coffer.cli.http.ResumableUploads;

/**
 * The resumable uploads this client recorded and has not finished on one server: listed
 * with how much of each the server holds, or cancelled. A record that can no longer be
 * resumed (the server no longer has the upload, or the local file is gone or changed) is
 * removed when the listing finds it, and the listing says so.
 */
@Command(name = "uploads",
		description = { "List the unfinished resumable uploads of put to this server, with how much the server holds.",
				"Records that can no longer be resumed (upload gone from the server, local file gone or changed) "
						+ "are removed, saying why. --cancel and --cancel-all cancel uploads on the server; local "
						+ "files are never touched." })
public final class UploadsCommand extends ServerCommand {

	@ArgGroup(exclusive = true)
	Cancelling cancelling;

	/** Which uploads to cancel instead of listing them. */
	static final class Cancelling {

		@Option(names = "--cancel", paramLabel = "FILE", arity = "1..*",
				description = "Cancel the unfinished uploads of these local files on the server and forget them")
		List<Path> files;

		@Option(names = "--cancel-all", description = "Cancel every unfinished upload to this server")
		boolean all;

	}

	@Override
	void run() {
		URI server = server();
		UnfinishedUploads unfinished = new UnfinishedUploads(context().configDir());
		ResumableUploads uploads = api().resumableUploads();
		if (this.cancelling == null) {
			show(new UploadsListing(uploads, unfinished, this::tell).list(server));
			tellAboutOtherServers(unfinished, server);
			return;
		}
		cancel(this.cancelling.all ? unfinished.to(server) : recordedFor(unfinished.to(server), server), uploads,
				unfinished);
	}

	/** Cancels each upload on the server, then forgets it; the first failure stops. */
	private void cancel(List<UnfinishedUploads.Entry> chosen, ResumableUploads uploads, UnfinishedUploads unfinished) {
		JsonArray cancelled = new JsonArray();
		for (UnfinishedUploads.Entry entry : chosen) {
			uploads.cancel(entry.location());
			unfinished.remove(entry);
			tell("Cancelled the upload of " + entry.path() + " to " + entry.target() + "; the local file is kept.");
			cancelled.add(new UploadsListing.Row(entry, UploadsListing.Status.CANCELLED, null, null).json());
		}
		if (chosen.isEmpty()) {
			tell("No unfinished uploads.");
		}
		print(cancelled, null);
	}

	/**
	 * The records of the files to cancel; all of them, or a failure before anything is
	 * cancelled.
	 */
	private List<UnfinishedUploads.Entry> recordedFor(List<UnfinishedUploads.Entry> entries, URI server) {
		List<UnfinishedUploads.Entry> chosen = new ArrayList<>();
		for (Path file : this.cancelling.files) {
			String path = file.toAbsolutePath().normalize().toString();
			List<UnfinishedUploads.Entry> recorded = entries.stream()
				.filter((entry) -> entry.path().equals(path))
				.toList();
			if (recorded.isEmpty()) {
				throw new CofferException(ExitCodes.NOT_FOUND,
						"No unfinished upload of " + path + " to " + server + " (see 'coffer uploads').");
			}
			chosen.addAll(recorded);
		}
		// A file named twice is cancelled once.
		return chosen.stream().distinct().toList();
	}

	private void show(List<UploadsListing.Row> rows) {
		JsonArray json = new JsonArray();
		rows.forEach((row) -> json.add(row.json()));
		List<String> lines = rows.stream().map(UploadsListing.Row::line).toList();
		print(json, lines.isEmpty() ? null : String.join(System.lineSeparator(), lines));
		if (lines.isEmpty()) {
			tell("No unfinished uploads.");
		}
	}

	private void tellAboutOtherServers(UnfinishedUploads unfinished, URI server) {
		for (String other : unfinished.otherServers(server)) {
			tell("Unfinished uploads to " + other + " too: see coffer uploads --server " + other);
		}
	}

}
