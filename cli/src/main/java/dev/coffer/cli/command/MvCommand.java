package dev.coffer.cli.command;

import java.util.List;

import com.google.gson.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import dev.coffer.cli.http.CofferApi;

/**
 * Renames a file or folder and/or moves it into another folder, in one request to the
 * server: it is never in both places, nor in neither.
 */
@Command(name = "mv",
		description = { "Rename a file or folder, or move it into another folder.",
				"A DESTINATION ending in / or naming one of your folders moves it into that folder under its own name; "
						+ "missing folders on the way are made, as put --name does." })
public final class MvCommand extends ServerCommand {

	@Parameters(index = "0", paramLabel = "NAME",
			description = "The file or folder: a name, or a path such as reports/q1.pdf")
	String source;

	@Parameters(index = "1", paramLabel = "DESTINATION",
			description = "Its new name or path (one you do not use yet), or a folder: reports/ or reports")
	String destination;

	@Override
	void run() {
		// Both refuse . and .. before anything is asked of the server.
		List<String> from = CofferApi.segments(this.source);
		List<String> to = CofferApi.segments(this.destination);
		CofferApi api = api();
		CofferApi.Entry entry = api.findEntry(this.source).orElseThrow(() -> api.noFileOrFolder(this.source));
		String id = entry.id();
		// Into a folder under its own name, as mv does: one ending in /, or one you have.
		boolean intoFolder = this.destination.endsWith("/") || to.isEmpty()
				|| api.findFolderId(String.join("/", to)).isPresent();
		String folder = intoFolder ? String.join("/", to) : folder(to);
		String name = intoFolder ? from.getLast() : to.getLast();
		boolean moves = !folder.equals(folder(from));
		// As put --name does: the folders of the path that are missing are made.
		String into = moves ? api.makeFolders(folder) : null;
		JsonObject moved = entry.isFolder() ? api.moveFolder(id, into, name) : api.move(id, into, name);
		print(moved, null);
		String newName = moved.get("name").getAsString();
		String slash = entry.isFolder() ? "/" : "";
		tell((moves ? "Moved " : "Renamed ") + String.join("/", from) + slash + " to "
				+ (folder.isEmpty() ? newName : folder + "/" + newName) + slash);
	}

	/**
	 * The path of the folder that holds the last segment ({@code ""}: your top folder).
	 */
	private static String folder(List<String> segments) {
		return String.join("/", segments.subList(0, Math.max(0, segments.size() - 1)));
	}

}
