package dev.coffer.cli.command;

import picocli.CommandLine.Command;

/** Files other users share with you. */
@Command(name = "shared", description = "List the files others share with you (get them with: coffer get NAME).")
public final class SharedCommand extends ServerCommand {

	@Override
	void run() {
		printRows(api().sharedWithMe(),
				(file) -> String.format("%-5s  %10s  %-16s  %s", file.get("permission").getAsString(),
						Sizes.format(file.get("size").getAsLong()), file.get("owner").getAsString(),
						file.get("name").getAsString()));
	}

}
