package dev.coffer.cli.command;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import picocli.CommandLine.Command;

import dev.coffer.cli.http.CofferApi;

/** What you deleted, while the server keeps it. */
@Command(name = "trash",
		description = "List what you deleted and the server still keeps (restore it with: coffer untrash NAME).")
public final class TrashCommand extends ServerCommand {

	@Override
	void run() {
		CofferApi api = api();
		Map<String, Optional<String>> folders = new HashMap<>();
		printRows(api.trash(),
				(entry) -> String.format("%-6s  %10s  %-10s  %s%s", entry.get("type").getAsString(),
						entry.get("size").isJsonNull() ? "-" : Sizes.format(entry.get("size").getAsLong()),
						entry.get("deletedAt").getAsString().substring(0, 10), entry.get("name").getAsString(),
						from(api, entry, folders)));
	}

	private static String from(CofferApi api, JsonObject entry, Map<String, Optional<String>> folders) {
		return location(api, entry, folders).map((path) -> "  (from " + path + ")").orElse("");
	}

	/**
	 * The path of the folder a trashed entry was in; none for your top folder, or for a
	 * folder that is gone or in the trash itself.
	 */
	static Optional<String> location(CofferApi api, JsonObject entry, Map<String, Optional<String>> folders) {
		JsonElement folderId = entry.get("folderId");
		if (folderId == null || folderId.isJsonNull()) {
			return Optional.empty();
		}
		return api.folderPath(folderId.getAsString(), folders).filter((path) -> !path.isEmpty());
	}

}
