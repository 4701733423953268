package dev.coffer.cli.command;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;
import dev.coffer.cli.http.CofferApi;
import dev.coffer.cli.http.SharedWithMe;

/** Makes an old version current again, as a new version. */
@Command(name = "restore", description = "Make an earlier version current again (as a new version).")
public final class RestoreCommand extends ServerCommand {

	@Parameters(index = "0", paramLabel = "NAME", description = "The file")
	String name;

	@Parameters(index = "1", paramLabel = "VERSION",
			description = "The version number to restore (see: coffer versions NAME)")
	int version;

	@Option(names = "--owner", paramLabel = "USER",
			description = "The user who shares the file with you to edit: NAME is then its name as "
					+ "'coffer ls --owner USER' shows it, or a path into a folder they share with you")
	String owner;

	@Override
	void run() {
		CofferApi api = api();
		SharedWithMe shared = (this.owner != null) ? new SharedWithMe(api, this.owner) : null;
		String fileId = (shared != null) ? shared.file(this.name).get("id").getAsString() : api.fileId(this.name);
		String shown = (shared != null) ? shared.shown(this.name) : this.name;
		if (shared != null) {
			refuseEndToEndVersion(api, fileId, shown);
		}
		JsonObject file = api.restore(fileId, this.version);
		print(file, null);
		tell("Restored version " + this.version + " of " + shown + " as version "
				+ file.get("currentVersion").getAsInt());
	}

	/**
	 * The server refuses to copy an end-to-end encrypted version, advising its owner to
	 * get it and put it again with --e2e; an editor cannot do that (only the owner adds
	 * end-to-end encrypted versions), so they are told so instead.
	 */
	private void refuseEndToEndVersion(CofferApi api, String fileId, String shown) {
		for (JsonElement element : api.versions(fileId)) {
			JsonObject version = element.getAsJsonObject();
			if (version.get("number").getAsInt() == this.version && LsCommand.isEndToEnd(version)) {
				throw new CofferException(ExitCodes.REFUSED,
						"Version " + this.version + " of " + shown
								+ " is end-to-end encrypted: the server cannot copy it as a new version, and only "
								+ this.owner + " can add end-to-end encrypted versions to it.");
			}
		}
	}

}
