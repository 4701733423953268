package dev.coffer.cli.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;

/**
 * What one other user (the owner) shares with you, found by path as your own files are: a
 * file they share with you by its name ({@code report.pdf}), or a path into a folder they
 * share with you, starting with that folder's name ({@code reports/2026/q1.pdf}). Only
 * their username is needed: a path never reaches above what they share, as the server
 * shows nothing above it.
 */
public final class SharedWithMe {

	private final CofferApi api;

	private final String owner;

	public SharedWithMe(CofferApi api, String owner) {
		this.api = api;
		this.owner = owner;
	}

	public String owner() {
		return this.owner;
	}

	/**
	 * The path as messages show it: {@code reports/q1.pdf (alice's)}, so that it is not
	 * taken for a path in your own folders.
	 */
	public String shown(String path) {
		return shown(this.owner, path);
	}

	/** {@code owner}'s file at {@code path}, as {@link #shown(String)} shows it. */
	public static String shown(String owner, String path) {
		return String.join("/", CofferApi.segments(path)) + " (" + owner + "'s)";
	}

	/**
	 * The file at {@code path}, as {@link #findFile}.
	 * @throws CofferException with {@link ExitCodes#NOT_FOUND} if there is none
	 */
	public JsonObject file(String path) {
		return findFile(path).orElseThrow(() -> noFile(path));
	}

	/**
	 * The file the owner shares with you at {@code path}: a shared file's name, or a path
	 * into a shared folder.
	 * @throws CofferException with {@link ExitCodes#USAGE} if the owner shares several
	 * files or folders of that name with you (from different folders of theirs)
	 */
	public Optional<JsonObject> findFile(String path) {
		List<String> segments = CofferApi.segments(path);
		if (segments.isEmpty()) {
			return Optional.empty();
		}
		if (segments.size() == 1) {
			return only(named(this.api.sharedWithMe(), segments.getFirst()), path, "files");
		}
		List<String> folders = foldersAlong(segments.subList(0, segments.size() - 1));
		if (folders.size() < segments.size() - 1) {
			return Optional.empty();
		}
		return this.api.findFileIn(folders.getLast(), segments.getLast());
	}

	/**
	 * The id of the folder the owner shares with you at {@code path} (the shared folder's
	 * name, or a path into it), if there is one.
	 */
	public Optional<String> findFolderId(String path) {
		List<String> segments = CofferApi.segments(path);
		List<String> folders = foldersAlong(segments);
		return (segments.isEmpty() || folders.size() < segments.size()) ? Optional.empty()
				: Optional.of(folders.getLast());
	}

	/**
	 * What the owner shares with you: with an empty {@code path}, the folders and files
	 * they share (as {@link CofferApi#folderEntries} lists them, folders first); else the
	 * content of the shared folder at {@code path}.
	 * @throws CofferException with {@link ExitCodes#NOT_FOUND} if there is no such
	 * folder, or the owner shares nothing with you (in the same words whether or not
	 * there is such a user, which the server does not tell either)
	 */
	public JsonArray entries(String path) {
		List<String> segments = CofferApi.segments(path);
		if (segments.isEmpty()) {
			JsonArray entries = new JsonArray();
			ofOwner(everything(this.api)).forEach(entries::add);
			if (entries.isEmpty()) {
				throw new CofferException(ExitCodes.NOT_FOUND,
						"Nobody called " + this.owner + " shares anything with you.");
			}
			return entries;
		}
		List<String> folders = foldersAlong(segments);
		if (folders.size() < segments.size()) {
			throw new CofferException(ExitCodes.NOT_FOUND,
					this.owner + " shares no folder " + CofferApi.quoted(String.join("/", segments))
							+ " with you (see 'coffer ls --owner " + this.owner + "')");
		}
		return this.api.entriesOf(folders.getLast());
	}

	/**
	 * That the owner shares no file at {@code path} with you, naming the deepest shared
	 * folder of the path to look in.
	 */
	public CofferException noFile(String path) {
		List<String> segments = CofferApi.segments(path);
		String shown = String.join("/", segments);
		int found = foldersAlong(segments).size();
		String listing = ("coffer ls --owner " + this.owner + " " + String.join("/", segments.subList(0, found)))
			.strip();
		if (!segments.isEmpty() && found == segments.size()) {
			return new CofferException(ExitCodes.NOT_FOUND,
					CofferApi.quoted(shown) + " is a folder, not a file (see '" + listing + "')");
		}
		return new CofferException(ExitCodes.NOT_FOUND,
				this.owner + " shares no file " + CofferApi.quoted(shown) + " with you (see '" + listing + "')");
	}

	/**
	 * The ids of the folders along {@code segments}, as far as they exist: the first a
	 * folder the owner shares with you, each next one inside the one before.
	 */
	private List<String> foldersAlong(List<String> segments) {
		List<String> found = new ArrayList<>();
		if (segments.isEmpty()) {
			return found;
		}
		Optional<JsonObject> shared = only(named(this.api.foldersSharedWithMe(), segments.getFirst()),
				segments.getFirst(), "folders");
		if (shared.isEmpty()) {
			return found;
		}
		String folderId = shared.get().get("id").getAsString();
		found.add(folderId);
		for (String segment : segments.subList(1, segments.size())) {
			Optional<String> next = this.api.subfolderId(folderId, segment);
			if (next.isEmpty()) {
				break;
			}
			folderId = next.get();
			found.add(folderId);
		}
		return found;
	}

	private List<JsonObject> named(JsonArray shared, String name) {
		return ofOwner(shared).stream().filter((entry) -> name.equals(entry.get("name").getAsString())).toList();
	}

	private List<JsonObject> ofOwner(JsonArray shared) {
		List<JsonObject> entries = new ArrayList<>();
		for (JsonElement element : shared) {
			JsonObject entry = element.getAsJsonObject();
			// Usernames are unique ignoring case.
			if (this.owner.equalsIgnoreCase(entry.get("owner").getAsString())) {
				entries.add(entry);
			}
		}
		return entries;
	}

	/**
	 * The folders, then the files, that other users share with you, each with
	 * {@code "type": "folder"} or {@code "file"} as {@link CofferApi#folderEntries} has.
	 */
	public static JsonArray everything(CofferApi api) {
		JsonArray entries = new JsonArray();
		for (JsonElement folder : api.foldersSharedWithMe()) {
			folder.getAsJsonObject().addProperty("type", "folder");
			entries.add(folder);
		}
		for (JsonElement file : api.sharedWithMe()) {
			file.getAsJsonObject().addProperty("type", "file");
			entries.add(file);
		}
		return entries;
	}

	/**
	 * The one entry of {@code matches}; several are refused rather than one of them
	 * guessed, as an upload to the wrong one would be a new version of someone's other
	 * file.
	 */
	private Optional<JsonObject> only(List<JsonObject> matches, String name, String what) {
		if (matches.size() > 1) {
			throw new CofferException(ExitCodes.USAGE, this.owner + " shares " + matches.size() + " " + what + " named "
					+ CofferApi.quoted(name) + " with you, from different folders of theirs; ask them to rename one.");
		}
		return matches.stream().findFirst();
	}

}
