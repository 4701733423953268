package dev.coffer.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import dev.coffer.cli.http.CofferApi;

/** A file's versions, newest first. */
@Command(name = "versions", description = "List a file's versions, newest first.")
public final class VersionsCommand extends ServerCommand {

	@Parameters(paramLabel = "NAME", description = "The file")
	String name;

	@Override
	void run() {
		CofferApi api = api();
		printRows(api.versions(api.fileId(this.name)),
				(version) -> String.format("%4d  %10s  %s  %s%s%s", version.get("number").getAsInt(),
						Sizes.format(version.get("size").getAsLong()),
						LsCommand.when(version.get("createdAt").getAsString()), version.get("sha256").getAsString(),
						version.get("current").getAsBoolean() ? "  (current)" : "",
						LsCommand.isEndToEnd(version) ? "  (end-to-end encrypted)" : ""));
	}

}
