package dev.coffer.cli.command;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;
import dev.coffer.cli.http.CofferApi;

/** Puts deleted files and folders back. */
@Command(name = "untrash", description = "Put deleted files or folders back from your trash, where they were.")
public final class UntrashCommand extends ServerCommand {

	@Parameters(paramLabel = "NAME", arity = "1..*",
			description = "What to restore: its name as coffer trash lists it, or its id (coffer trash --json)")
	List<String> names;

	/** The paths of folders found for messages, by id. */
	private final Map<String, Optional<String>> folders = new HashMap<>();

	@Override
	void run() {
		CofferApi api = api();
		// One listing, and every name found in it before anything is restored: a typo
		// restores nothing.
		List<JsonObject> trash = api.trash().asList().stream().map(JsonElement::getAsJsonObject).toList();
		List<JsonObject> found = this.names.stream().map((name) -> find(api, trash, name)).toList();
		for (JsonObject entry : found) {
			String name = entry.get("name").getAsString();
			JsonObject restored = api.untrash(entry.get("type").getAsString(), entry.get("id").getAsString());
			print(restored, null);
			String now = restored.get("name").getAsString();
			String into = TrashCommand.folderOf(api, restored, this.folders)
				.map((path) -> path.isEmpty() ? " into your top folder" : " into " + path)
				.orElse("");
			tell("Restored " + name + (now.equals(name) ? "" : " as " + now) + into);
		}
	}

	/** The one entry with this id, or else with this name. */
	private JsonObject find(CofferApi api, List<JsonObject> entries, String typed) {
		String name = CofferApi.normalized(typed);
		for (JsonObject entry : entries) {
			if (name.equals(entry.get("id").getAsString())) {
				return entry;
			}
		}
		List<JsonObject> named = entries.stream()
			.filter((entry) -> name.equals(entry.get("name").getAsString()))
			.toList();
		if (named.isEmpty()) {
			throw new CofferException(ExitCodes.NOT_FOUND,
					"Your trash has nothing named " + CofferApi.quoted(name) + ". See it with: coffer trash");
		}
		if (named.size() > 1) {
			String which = named.stream()
				.map((entry) -> entry.get("id").getAsString() + " (" + entry.get("type").getAsString() + ", deleted "
						+ entry.get("deletedAt").getAsString().substring(0, 10)
						+ TrashCommand.folderOf(api, entry, this.folders)
							.filter((path) -> !path.isEmpty())
							.map((path) -> ", from " + path)
							.orElse("")
						+ ")")
				.collect(Collectors.joining("; "));
			throw new CofferException(ExitCodes.USAGE, "Your trash has " + named.size() + " things named "
					+ CofferApi.quoted(name) + ". Restore one by its id (coffer untrash ID): " + which);
		}
		return named.getFirst();
	}

}
