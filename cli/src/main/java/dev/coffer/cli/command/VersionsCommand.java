package dev.coffer.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.coffer.cli.http.CofferApi;
import dev.coffer.cli.http.SharedWithMe;

/** A file's versions, newest first. */
@Command(name = "versions", description = "List a file's versions, newest first.")
public final class VersionsCommand extends ServerCommand {

	@Parameters(paramLabel = "NAME", description = "The file")
	String name;

	@Option(names = "--owner", paramLabel = "USER",
			description = "The user who shares the file with you: NAME is then its name as 'coffer ls --owner USER' shows it, or a path into a folder they share with you")
	String owner;

	@Override
	void run() {
		CofferApi api = api();
		String fileId = (this.owner != null) ? new SharedWithMe(api, this.owner).file(this.name).get("id").getAsString()
				: api.fileId(this.name);
		printRows(api.versions(fileId),
				(version) -> String.format("%4d  %10s  %s  %s%s%s", version.get("number").getAsInt(),
						Sizes.format(version.get("size").getAsLong()),
						LsCommand.when(version.get("createdAt").getAsString()), version.get("sha256").getAsString(),
						version.get("current").getAsBoolean() ? "  (current)" : "",
						LsCommand.isEndToEnd(version) ? "  (end-to-end encrypted)" : ""));
	}

}
