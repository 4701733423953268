package dev.coffer.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.coffer.cli.http.CofferApi;

/** Shares a file with another user, to read or also to edit. */
@Command(name = "share",
		description = "Share a file with a user (read-only unless --edit), or change their permission.")
public final class ShareCommand extends ServerCommand {

	@Parameters(index = "0", paramLabel = "NAME", description = "Your file")
	String name;

	@Parameters(index = "1", paramLabel = "USER", description = "Their username or email address")
	String user;

	@Option(names = "--edit", description = "Let them upload new versions and restore old ones too")
	boolean edit;

	@Override
	void run() {
		CofferApi api = api();
		String permission = this.edit ? "EDIT" : "READ";
		print(api.share(api.fileId(this.name), this.user, permission), null);
		tell("Shared " + this.name + " with " + this.user + " (" + (this.edit ? "read and edit" : "read") + ")");
	}

}
