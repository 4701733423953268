package dev.coffer.server.files;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.coffer.server.InvalidInputException;

/**
 * Paths in an owner's tree ({@code reports/2026/q1.pdf}): each segment a name by the
 * file-name rules, found one folder at a time from the root (one indexed look-up per
 * segment). Public for the features that address files by path (WebDAV); what is in the
 * trash is not on any path.
 */
@Component
public class FilePaths {

	private final FolderRepository folders;

	private final FileRepository files;

	private final FolderService folderService;

	FilePaths(FolderRepository folders, FileRepository files, FolderService folderService) {
		this.folders = folders;
		this.files = files;
		this.folderService = folderService;
	}

	/**
	 * The segments of a path as the request gave it ({@code /a/b.txt}), each valid.
	 * @throws InvalidInputException for an empty path or segment, or a segment that is
	 * not a valid name
	 */
	static List<String> segments(String path) {
		String trimmed = (path != null && path.startsWith("/")) ? path.substring(1) : path;
		if (trimmed == null || trimmed.isEmpty()) {
			throw new InvalidInputException("path", "Give the path of a file, such as reports/q1.pdf.");
		}
		List<String> segments = new ArrayList<>();
		for (String segment : trimmed.split("/", -1)) {
			if (segment.isEmpty()) {
				throw new InvalidInputException("path", "A path cannot have an empty part (// or a / at its end).");
			}
			segments.add(FileNames.requireValid(segment));
		}
		return segments;
	}

	/** The owner's file at this path. */
	StoredFile file(String ownerId, List<String> segments) {
		String folder = folderOf(ownerId, segments).orElseThrow(FileService::noSuchFile);
		return this.files.findByName(folder, segments.getLast()).orElseThrow(FileService::noSuchFile);
	}

	/** The owner's file at this path, if there is one. */
	public Optional<StoredFile> findFile(String ownerId, List<String> segments) {
		return folderOf(ownerId, segments).flatMap((folder) -> this.files.findByName(folder, segments.getLast()));
	}

	/**
	 * The owner's folder at this path (their top folder for no segments), if there is
	 * one.
	 */
	public Optional<Folder> findFolder(String ownerId, List<String> segments) {
		String folder = ownerId;
		for (String name : segments) {
			folder = this.folders.findIdByName(folder, name).orElse(null);
			if (folder == null) {
				return Optional.empty();
			}
		}
		return Optional.of(this.folderService.access(ownerId, folder).folder());
	}

	/**
	 * The file at a path below folder {@code topId} (which may be another user's), if
	 * {@code userId} may see it: the one access query decides, as for any file.
	 */
	public Optional<StoredFile> findFileBelow(String userId, String topId, List<String> segments) {
		return walk(topId, segments.subList(0, segments.size() - 1))
			.flatMap((folder) -> this.files.findIdByName(folder, segments.getLast()))
			.flatMap((file) -> this.files.findAccess(userId, file))
			.map(FileAccess::file);
	}

	/**
	 * The folder at a path below folder {@code topId} ({@code topId} itself for no
	 * segments), if {@code userId} may see it.
	 */
	public Optional<FolderAccess> findFolderBelow(String userId, String topId, List<String> segments) {
		return walk(topId, segments).flatMap((folder) -> this.folders.findAccess(userId, folder));
	}

	private Optional<String> walk(String topId, List<String> names) {
		String folder = topId;
		for (String name : names) {
			folder = this.folders.findIdByName(folder, name).orElse(null);
			if (folder == null) {
				return Optional.empty();
			}
		}
		return Optional.of(folder);
	}

	/**
	 * The id of the folder that holds the last segment, if every folder on the way
	 * exists.
	 */
	public Optional<String> folderOf(String ownerId, List<String> segments) {
		String folder = ownerId;
		for (String name : segments.subList(0, segments.size() - 1)) {
			String next = this.folders.findIdByName(folder, name).orElse(null);
			if (next == null) {
				return Optional.empty();
			}
			folder = next;
		}
		return Optional.of(folder);
	}

	/**
	 * The id of the folder that holds the last segment, making the folders on the way
	 * that do not exist. Call under the owner's lock.
	 * @throws dev.coffer.server.ConflictException if a file has the name of a folder on
	 * the way
	 */
	String makeFolders(String ownerId, List<String> segments) {
		String folder = ownerId;
		for (String name : segments.subList(0, segments.size() - 1)) {
			String next = this.folders.findIdByName(folder, name).orElse(null);
			if (next == null) {
				next = this.folderService.createLocked(ownerId, folder, name).id();
			}
			folder = next;
		}
		return folder;
	}

}
