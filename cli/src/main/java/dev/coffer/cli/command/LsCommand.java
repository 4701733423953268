package dev.coffer.cli.command;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Supplier;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;
import dev.coffer.cli.http.CofferApi;
import dev.coffer.cli.http.SharedWithMe;

/**
 * The folders and files in one of your folders: folders first (with a "/"), then files.
 */
@Command(name = "ls", description = { "List your folders and files: those in your top folder, or in FOLDER.",
		"The long form marks end-to-end encrypted files." })
public final class LsCommand extends ServerCommand {

	static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
		.withZone(ZoneId.systemDefault());

	@Parameters(paramLabel = "FOLDER", arity = "0..1",
			description = "The path of one of your folders, such as reports/2026 (default: your top folder); "
					+ "a file's path lists that file")
	String folder;

	@Option(names = { "-l", "--long" }, description = "With size, last change and number of versions")
	boolean longFormat;

	@Option(names = "--owner", paramLabel = "USER",
			description = "List what USER shares with you instead: the folders and files they share, or what is in "
					+ "FOLDER, a folder they share with you (or a path into it)")
	String owner;

	@Override
	void run() {
		String path = (this.folder != null) ? this.folder : "";
		CofferApi api = api();
		if (this.owner != null) {
			SharedWithMe shared = new SharedWithMe(api, this.owner);
			printRows(orTheFile(() -> shared.entries(path), () -> shared.findFile(path)), this::line);
			return;
		}
		printRows(orTheFile(() -> api.folderEntries(path), () -> api.findFile(path)), this::line);
	}

	/**
	 * The folder's entries; or, where the path names a file, that file alone, as ls does.
	 */
	private static JsonArray orTheFile(Supplier<JsonArray> entries, Supplier<Optional<JsonObject>> file) {
		try {
			return entries.get();
		}
		catch (CofferException ex) {
			if (ex.exitCode() != ExitCodes.NOT_FOUND) {
				throw ex;
			}
			JsonObject found = file.get().orElseThrow(() -> ex);
			found.addProperty("type", "file");
			JsonArray one = new JsonArray();
			one.add(found);
			return one;
		}
	}

	private String line(JsonObject entry) {
		String name = entry.get("name").getAsString();
		boolean isFolder = "folder".equals(entry.get("type").getAsString());
		if (!this.longFormat) {
			return isFolder ? name + "/" : name;
		}
		if (isFolder) {
			return String.format("%10s  %s  %-4s  %s/", "folder", when(entry.get("modifiedAt").getAsString()), "",
					name);
		}
		return String.format("%10s  %s  v%-3d  %s%s", Sizes.format(entry.get("size").getAsLong()),
				when(entry.get("modifiedAt").getAsString()), entry.get("currentVersion").getAsInt(), name,
				isEndToEnd(entry) ? "  (end-to-end encrypted)" : "");
	}

	/** Whether a file or version the server listed is end-to-end encrypted. */
	static boolean isEndToEnd(JsonObject entry) {
		return entry.has("endToEnd") && entry.get("endToEnd").getAsBoolean();
	}

	static String when(String instant) {
		return WHEN.format(Instant.parse(instant));
	}

}
