package dev.coffer.cli.command;

import picocli.CommandLine.Command;

/** What you deleted, while the server keeps it. */
@Command(name = "trash",
		description = "List what you deleted and the server still keeps (restore it with: coffer untrash NAME).")
public final class TrashCommand extends ServerCommand {

	@Override
	void run() {
		printRows(api().trash(),
				(entry) -> String.format("%-6s  %10s  %-10s  %s", entry.get("type").getAsString(),
						entry.get("size").isJsonNull() ? "-" : Sizes.format(entry.get("size").getAsLong()),
						entry.get("deletedAt").getAsString().substring(0, 10), entry.get("name").getAsString()));
	}

}
