package dev.coffer.cli.command;

import java.util.Locale;

import com.google.gson.JsonObject;

import picocli.CommandLine.Command;

import dev.coffer.cli.http.SharedWithMe;

/** The folders and files other users share with you. */
@Command(name = "shared", description = {
		"List the folders and files others share with you: permission, size, owner, name.",
		"Use them with --owner: coffer ls --owner USER [FOLDER], coffer get NAME --owner USER, "
				+ "and with edit permission coffer put FILE --owner USER, coffer restore NAME N --owner USER." })
public final class SharedCommand extends ServerCommand {

	@Override
	void run() {
		printRows(SharedWithMe.everything(api()), SharedCommand::line, "Nobody shares anything with you yet.");
	}

	private static String line(JsonObject entry) {
		boolean isFolder = "folder".equals(entry.get("type").getAsString());
		return String.format("%-5s  %10s  %-16s  %s", entry.get("permission").getAsString().toLowerCase(Locale.ROOT),
				isFolder ? "folder" : Sizes.format(entry.get("size").getAsLong()), entry.get("owner").getAsString(),
				entry.get("name").getAsString() + (isFolder ? "/" : ""));
	}

}
