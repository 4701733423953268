package dev.coffer.cli.command;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import picocli.CommandLine.Command;

/** Files other users share with you. */
@Command(name = "shared", description = "List the files others share with you (get them with: coffer get NAME).")
public final class SharedCommand extends ServerCommand {

	@Override
	void run() {
		JsonArray shared = api().sharedWithMe();
		StringBuilder text = new StringBuilder();
		for (JsonElement element : shared) {
			JsonObject file = element.getAsJsonObject();
			text.append(String.format("%-5s  %10s  %-16s  %s%n", file.get("permission").getAsString(),
					Sizes.format(file.get("size").getAsLong()), file.get("owner").getAsString(),
					file.get("name").getAsString()));
		}
		print(shared, text.isEmpty() ? null : text.toString().stripTrailing());
	}

}
