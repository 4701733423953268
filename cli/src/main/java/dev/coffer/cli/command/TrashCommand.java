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
		return folderOf(api, entry, folders).filter((path) -> !path.isEmpty())
			.map((path) -> "  (from " + path + ")")
			.orElse("");
	}

	/**
	 * The path of the folder a trashed or restored entry is in ({@code ""} for your top
	 * folder); none where that folder is gone or in the trash itself. {@code folders}
	 * keeps the paths found, for the next entry.
	 */
	static Optional<String> folderOf(CofferApi api, JsonObject entry, Map<String, Optional<String>> folders) {
		JsonElement folderId = entry.get("folderId");
		if (folderId == null || folderId.isJsonNull()) {
			return Optional.empty();
		}
		return api.folderPath(folderId.getAsString(), folders);
	}

}
