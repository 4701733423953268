package dev.coffer.cli.command;

import com.google.gson.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import dev.coffer.cli.http.CofferApi;

/** Makes an old version current again, as a new version. */
@Command(name = "restore", description = "Make an earlier version current again (as a new version).")
public final class RestoreCommand extends ServerCommand {

	@Parameters(index = "0", paramLabel = "NAME", description = "The file")
	String name;

	@Parameters(index = "1", paramLabel = "VERSION",
			description = "The version number to restore (see: coffer versions NAME)")
	int version;

	@Override
	void run() {
		CofferApi api = api();
		JsonObject file = api.restore(api.fileId(this.name), this.version);
		print(file, null);
		tell("Restored version " + this.version + " of " + this.name + " as version "
				+ file.get("currentVersion").getAsInt());
	}

}
