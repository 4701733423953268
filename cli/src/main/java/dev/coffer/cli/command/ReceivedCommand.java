package dev.coffer.cli.command;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import picocli.CommandLine.Command;

/** Files people sent through your request links. */
@Command(name = "received", description = "List the files people sent you through request links, newest first.")
public final class ReceivedCommand extends ServerCommand {

	@Override
	void run() {
		printRows(api().received(), (file) -> String.format("%s  %10s  %s  (from %s, for \"%s\")",
				LsCommand.when(file.get("receivedAt").getAsString()), Sizes.format(file.get("size").getAsLong()),
				Terminals.safe(file.get("fileName").getAsString()), Terminals.safe(text(file, "senderName")),
				Terminals.safe(file.get("requestTitle").getAsString())),
				"Nothing received through your request links yet (coffer request TITLE makes one).");
	}

	private static String text(JsonObject object, String member) {
		JsonElement value = object.get(member);
		return (value != null && !value.isJsonNull()) ? value.getAsString() : "someone";
	}

}
