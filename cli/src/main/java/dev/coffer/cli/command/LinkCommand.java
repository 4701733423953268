package dev.coffer.cli.command;

import com.google.gson.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.coffer.cli.http.CofferApi;

/** Makes a public link to a file and prints its URL. */
@Command(name = "link", description = { "Make a public link to a file and print its URL (shown only this once).",
		"Anyone with the URL can download the file within the link's limits." })
public final class LinkCommand extends ServerCommand {

	@Parameters(paramLabel = "NAME", description = "The file")
	String name;

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
		CofferApi api = api();
		JsonObject link = api.createLink(api.fileId(this.name), request);
		print(link, link.get("url").getAsString());
		tell("Link " + link.get("id").getAsString() + " expires " + link.get("expiresAt").getAsString()
				+ "; revoke it with: coffer unlink " + this.name + " " + link.get("id").getAsString());
	}

}
