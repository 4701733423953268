package dev.coffer.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import dev.coffer.cli.http.CofferApi;

/** Stops sharing a file with a user. */
@Command(name = "unshare", description = "Stop sharing a file with a user, from their next request on.")
public final class UnshareCommand extends ServerCommand {

	@Parameters(index = "0", paramLabel = "NAME", description = "Your file")
	String name;

	@Parameters(index = "1", paramLabel = "USER", description = "Their username or email address")
	String user;

	@Override
	void run() {
		CofferApi api = api();
		api.unshare(api.fileId(this.name), this.user);
		tell("Stopped sharing " + this.name + " with " + this.user);
	}

}
