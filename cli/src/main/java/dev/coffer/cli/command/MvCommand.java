package dev.coffer.cli.command;

import com.google.gson.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import dev.coffer.cli.http.CofferApi;

/** Renames a file. */
@Command(name = "mv", description = "Rename a file.")
public final class MvCommand extends ServerCommand {

	@Parameters(index = "0", paramLabel = "NAME", description = "The file")
	String name;

	@Parameters(index = "1", paramLabel = "NEW_NAME", description = "Its new name (one you do not use yet)")
	String newName;

	@Override
	void run() {
		CofferApi api = api();
		JsonObject renamed = api.rename(api.fileId(this.name), this.newName);
		print(renamed, null);
		tell("Renamed " + this.name + " to " + renamed.get("name").getAsString());
	}

}
