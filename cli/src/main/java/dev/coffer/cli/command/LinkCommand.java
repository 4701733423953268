package dev.coffer.cli.command;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.google.gson.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;
import dev.coffer.cli.http.CofferApi;

/** Makes a public link to a file and prints its URL. */
@Command(name = "link", description = {
		"Make a public link to a file, or with --folder to a folder, and print its URL (the web page can show it again).",
		"Anyone with the URL can download the file within the link's limits; a folder's link lets them "
				+ "browse it read only and download from it." })
public final class LinkCommand extends ServerCommand {

	@Parameters(paramLabel = "NAME", description = "The file, or with --folder the folder's path")
	String name;

	@Option(names = "--folder", description = "NAME is the path of one of your folders (e.g. reports/2026), not a file")
	boolean folder;

	@Option(names = "--expires", paramLabel = "DAYS",
			description = "How long the link works: 7d, 2w, 30 (default: the server's, 7 days)")
	String expires;

	@Option(names = "--password-stdin", description = "Protect the link with a password read from standard input")
	boolean passwordStdin;

	@Option(names = "--max-downloads", paramLabel = "N", description = "Stop the link after N downloads")
	Integer maxDownloads;

	@Option(names = "--version", paramLabel = "N", description = "Link this version (default: always the current one)")
	Integer version;

	@Override
	void run() {
		JsonObject request = new JsonObject();
		if (this.expires != null) {
			request.addProperty("expiresInDays", Durations.days(this.expires));
		}
		if (this.maxDownloads != null) {
			request.addProperty("maxDownloads", this.maxDownloads);
		}
		if (this.version != null) {
			request.addProperty("version", this.version);
		}
		if (this.passwordStdin) {
			request.addProperty("password", Passwords.fromStdin(context()));
		}
		if (this.folder && this.version != null) {
			throw new CofferException(ExitCodes.USAGE,
					"--version goes with a file; a folder's link serves what it holds.");
		}
		CofferApi api = api();
		JsonObject link = this.folder ? api.createFolderLink(api.folderId(this.name), request)
				: api.createLink(fileId(api), request);
		print(link, link.get("url").getAsString());
		tell("Link " + link.get("id").getAsString() + " expires "
				+ Instant.parse(link.get("expiresAt").getAsString()).truncatedTo(ChronoUnit.SECONDS)
				+ "; revoke it with: coffer unlink " + (this.folder ? "--folder " : "") + this.name + " "
				+ link.get("id").getAsString());
	}

	/**
	 * The id of the file to link; with --version, one that has that version: a missing
	 * version is not found (exit 4) here as in get, where the server would call it
	 * invalid input.
	 */
	private String fileId(CofferApi api) {
		String fileId = api.fileId(this.name);
		if (this.version != null && api.versions(fileId)
			.asList()
			.stream()
			.noneMatch((version) -> version.getAsJsonObject().get("number").getAsInt() == this.version)) {
			throw new CofferException(ExitCodes.NOT_FOUND, String.join("/", CofferApi.segments(this.name))
					+ " has no version " + this.version + " (see 'coffer versions " + this.name + "')");
		}
		return fileId;
	}

}
