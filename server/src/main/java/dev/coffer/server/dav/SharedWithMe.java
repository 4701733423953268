package dev.coffer.server.dav;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;

import dev.coffer.server.NotFoundException;
import dev.coffer.server.files.FilePaths;
import dev.coffer.server.files.FileService;
import dev.coffer.server.files.FolderAccess;
import dev.coffer.server.files.FolderService;
import dev.coffer.server.sharing.FolderShareService;
import dev.coffer.server.sharing.ShareService;
import dev.coffer.server.sharing.SharedFile;
import dev.coffer.server.sharing.SharedFolder;

/**
 * {@code /dav/Shared with me/}: what other users shared with the caller, one collection
 * per owner ({@code Shared with me/bob/}), in it the files and folders that owner shared
 * with them, as the web page "Shared with me" lists them. Below a shared folder, paths
 * are found name by name in the owner's tree, and each file or folder found is proven
 * visible to the caller by the files feature's one access query, which is also what
 * decides every read and write of it; whatever the caller may not see is on no path
 * (404).
 * <p>
 * Names in one owner's collection can clash (two files of the same name from two of their
 * folders, or a file and a folder): each name that more than one entry has is shown with
 * the start of the entry's id before its extension, {@code report
 * (1f0c9a2e).pdf}, which stays the same while the share lasts.
 */
@Component
class SharedWithMe {

	/** Its name at the DAV root, where it hides a file or folder of the caller's own. */
	static final String NAME = "Shared with me";

	/** Why nothing can be written into it or an owner's collection in it. */
	static final String LISTS_ONLY = "Shared with me and the owners' folders in it only list what others shared with you:"
			+ " nothing can be put, made, moved or deleted there.";

	private final ShareService fileShares;

	private final FolderShareService folderShares;

	private final FileService files;

	private final FolderService folders;

	private final FilePaths paths;

	SharedWithMe(ShareService fileShares, FolderShareService folderShares, FileService files, FolderService folders,
			FilePaths paths) {
		this.fileShares = fileShares;
		this.folderShares = folderShares;
		this.files = files;
		this.folders = folders;
		this.paths = paths;
	}

	static boolean isWithin(DavPath path) {
		return !path.isRoot() && path.segments().getFirst().equals(NAME);
	}

	/** What is at a path within {@code Shared with me}, if the caller may see it. */
	Optional<DavResource> find(String userId, DavPath path) {
		List<String> segments = path.segments();
		Map<String, Map<String, Entry>> byOwner = entriesOf(userId);
		if (segments.size() == 1) {
			return Optional.of(shelf(path, byOwner.values().stream().flatMap((entries) -> entries.values().stream())));
		}
		Map<String, Entry> entries = byOwner.getOrDefault(segments.get(1), Map.of());
		if (segments.size() == 2) {
			return entries.isEmpty() ? Optional.empty() : Optional.of(shelf(path, entries.values().stream()));
		}
		Entry entry = entries.get(segments.get(2));
		if (entry == null) {
			return Optional.empty();
		}
		List<String> below = segments.subList(3, segments.size());
		if (!entry.folder()) {
			return below.isEmpty() ? file(userId, path, entry.id()) : Optional.empty();
		}
		if (!below.isEmpty()) {
			Optional<DavResource> file = this.paths.findFileBelow(userId, entry.id(), below)
				.map((found) -> new DavResource.Document(path, found));
			if (file.isPresent()) {
				return file;
			}
		}
		return this.paths.findFolderBelow(userId, entry.id(), below)
			.map((access) -> new DavResource.Collection(path, access.folder()));
	}

	/** The owners' collections, or one owner's files and folders, all at once. */
	void eachPage(String userId, DavResource.Shelf shelf, Consumer<List<DavResource>> action) {
		Map<String, Map<String, Entry>> byOwner = entriesOf(userId);
		List<DavResource> children = new ArrayList<>();
		if (shelf.path().segments().size() == 1) {
			byOwner
				.forEach((owner, entries) -> children.add(shelf(shelf.path().child(owner), entries.values().stream())));
		}
		else {
			byOwner.getOrDefault(shelf.path().segments().get(1), Map.of()).forEach((name, entry) -> {
				DavPath path = shelf.path().child(name);
				(entry.folder() ? folder(userId, path, entry.id()) : file(userId, path, entry.id()))
					.ifPresent(children::add);
			});
		}
		action.accept(children);
	}

	/** A file or folder shared with the caller, as its owner's collection names it. */
	private record Entry(String id, String name, boolean folder, Instant modifiedAt) {
	}

	/** By owner, then by the name each entry has there; both in name order. */
	private Map<String, Map<String, Entry>> entriesOf(String userId) {
		Map<String, List<Entry>> byOwner = new TreeMap<>();
		for (SharedFolder folder : this.folderShares.sharedWith(userId)) {
			byOwner.computeIfAbsent(folder.owner(), (owner) -> new ArrayList<>())
				.add(new Entry(folder.id(), folder.name(), true, folder.modifiedAt()));
		}
		for (SharedFile file : this.fileShares.sharedWith(userId)) {
			byOwner.computeIfAbsent(file.owner(), (owner) -> new ArrayList<>())
				.add(new Entry(file.id(), file.name(), false, file.modifiedAt()));
		}
		Map<String, Map<String, Entry>> named = new TreeMap<>();
		byOwner.forEach((owner, entries) -> {
			Map<String, Integer> counts = new HashMap<>();
			entries.forEach((entry) -> counts.merge(entry.name(), 1, Integer::sum));
			Map<String, Entry> byName = new TreeMap<>();
			for (Entry entry : entries) {
				byName.put((counts.get(entry.name()) > 1) ? distinct(entry) : entry.name(), entry);
			}
			named.put(owner, byName);
		});
		return named;
	}

	/** {@code report.pdf} as {@code report (1f0c9a2e).pdf}. */
	private static String distinct(Entry entry) {
		String name = entry.name();
		int dot = name.lastIndexOf('.');
		String tag = " (" + entry.id().substring(0, Math.min(8, entry.id().length())) + ")";
		return (entry.folder() || dot <= 0) ? name + tag : name.substring(0, dot) + tag + name.substring(dot);
	}

	/** A shelf, last modified when the latest of what it lists was. */
	private static DavResource.Shelf shelf(DavPath path, Stream<Entry> entries) {
		return new DavResource.Shelf(path,
				entries.map(Entry::modifiedAt).max(Comparator.naturalOrder()).orElse(Instant.EPOCH));
	}

	private Optional<DavResource> file(String userId, DavPath path, String fileId) {
		try {
			return Optional.of(new DavResource.Document(path, this.files.get(userId, fileId)));
		}
		catch (NotFoundException ex) {
			// Unshared or deleted since the list was read.
			return Optional.empty();
		}
	}

	private Optional<DavResource> folder(String userId, DavPath path, String folderId) {
		try {
			FolderAccess access = this.folders.access(userId, folderId);
			return Optional.of(new DavResource.Collection(path, access.folder()));
		}
		catch (NotFoundException ex) {
			return Optional.empty();
		}
	}

}
