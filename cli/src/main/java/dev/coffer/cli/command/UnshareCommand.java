package dev.coffer.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import dev.coffer.cli.http.CofferApi;

/** Stops sharing a file or folder with a user. */
@Command(name = "unshare", description = "Stop sharing a file or folder with a user, from their next request on.")
public final class UnshareCommand extends ServerCommand {

	@Parameters(index = "0", paramLabel = "NAME", description = "Your file or folder")
	String name;

	@Parameters(index = "1", paramLabel = "USER", description = "Their username or email address")
	String user;

	@Override
	void run() {
		CofferApi api = api();
		CofferApi.Entry entry = api.findEntry(this.name).orElseThrow(() -> api.noFileOrFolder(this.name));
		if (entry.isFolder()) {
			api.unshareFolder(entry.id(), this.user);
			tell("Stopped sharing folder " + String.join("/", CofferApi.segments(this.name)) + "/ with " + this.user);
			return;
		}
		api.unshare(entry.id(), this.user);
		tell("Stopped sharing " + this.name + " with " + this.user);
	}

}
