package dev.coffer.cli.command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import dev.coffer.cli.CofferCli;
import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;
import dev.coffer.cli.http.CofferApi;

/**
 * {@code get -r}: a folder with everything in it, into a local directory of the same
 * tree, each file as {@code get} writes one (a temporary file, checked, then renamed).
 * <p>
 * Nothing is written outside the target directory, whatever the server's listing says: a
 * name that is not a plain name here ({@code ..}, one with {@code /}) is refused, and a
 * symbolic link in the tree is never followed (a directory link could lead anywhere). A
 * file or folder that cannot be written is told and the others go on, as in a put of
 * several: existing files are kept unless --force, and a name that the file system here
 * takes for one this run wrote already (a case-insensitive one, for names differing only
 * in case, also in folders differing only in case) is never written over it, even with
 * --force. One instance serves a whole run, so that holds across its NAMEs too.
 */
final class FolderDownload {

	private final GetCommand get;

	private final CofferApi api;

	private final JsonArray results;

	/**
	 * The files this run wrote, by their file system's key (device and inode), which is
	 * the same for every name the file system takes for theirs.
	 */
	private final Map<Object, Path> written = new HashMap<>();

	/** As {@link #written}, where the file system gives no keys: by directory. */
	private final Map<Path, List<Path>> writtenWithoutKeys = new HashMap<>();

	FolderDownload(GetCommand get, CofferApi api, JsonArray results) {
		this.get = get;
		this.api = api;
		this.results = results;
	}

	/**
	 * Downloads the folder {@code folderId} (at {@code path}, as messages show it) into
	 * {@code directory}, made if it is not there (its parent must be).
	 */
	void download(String folderId, String path, Path directory) {
		if (Files.exists(directory) && !Files.isDirectory(directory)) {
			throw new CofferException(ExitCodes.LOCAL_FILE, "Cannot download the folder " + path + " into " + directory
					+ ": it exists and is not a directory.");
		}
		Path parent = directory.toAbsolutePath().getParent();
		if (!Files.isDirectory(directory) && (parent == null || !Files.isDirectory(parent))) {
			throw new CofferException(ExitCodes.LOCAL_FILE,
					"Cannot write " + directory + ": there is no directory " + parent + ".");
		}
		try {
			if (!Files.isDirectory(directory)) {
				Files.createDirectory(directory);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot make the directory " + directory, ex);
		}
		walk(folderId, path, directory);
	}

	private void walk(String folderId, String path, Path directory) {
		JsonArray entries;
		try {
			entries = this.api.entriesOf(folderId);
		}
		catch (CofferException ex) {
			alone(path + "/", ex);
			return;
		}
		for (JsonElement element : entries) {
			JsonObject entry = element.getAsJsonObject();
			String name = entry.get("name").getAsString();
			String entryPath = path + "/" + name;
			Path local = plainChild(directory, name);
			if (local == null) {
				this.get.failed(entryPath, ExitCodes.LOCAL_FILE, CofferApi.quoted(name)
						+ " cannot be a name in a directory here; it was not downloaded (a server should never give it)");
			}
			else if ("folder".equals(entry.get("type").getAsString())) {
				folder(entry, entryPath, local);
			}
			else {
				file(entry, entryPath, local);
			}
		}
	}

	/**
	 * {@code directory}'s entry {@code name}, if that is a plain name here: not empty,
	 * {@code .} or {@code ..}, no separator, nothing the file system refuses in a path.
	 */
	private static Path plainChild(Path directory, String name) {
		if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0
				|| name.indexOf('\0') >= 0) {
			return null;
		}
		try {
			Path child = directory.resolve(name);
			boolean plain = child.getNameCount() == directory.getNameCount() + 1 && directory.equals(child.getParent())
					&& name.equals(child.getFileName().toString());
			return plain ? child : null;
		}
		catch (InvalidPathException ex) {
			return null;
		}
	}

	private void folder(JsonObject entry, String path, Path local) {
		if (Files.isSymbolicLink(local)) {
			this.get.failed(path + "/", ExitCodes.LOCAL_FILE,
					local + " is a symbolic link, which is not followed; nothing in the folder was downloaded.");
			return;
		}
		if (Files.exists(local, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(local, LinkOption.NOFOLLOW_LINKS)) {
			this.get.failed(path + "/", ExitCodes.LOCAL_FILE,
					local + " exists and is not a directory; nothing in the folder was downloaded.");
			return;
		}
		try {
			if (!Files.exists(local, LinkOption.NOFOLLOW_LINKS)) {
				Files.createDirectory(local);
			}
		}
		catch (IOException ex) {
			alone(path + "/", new UncheckedIOException("Cannot make the directory " + local, ex));
			return;
		}
		walk(entry.get("id").getAsString(), path, local);
	}

	private void file(JsonObject entry, String path, Path local) {
		String refusal = refusal(local);
		if (refusal != null) {
			this.get.failed(path, ExitCodes.LOCAL_FILE, refusal);
			return;
		}
		try {
			String sha256 = this.get.write(this.api, entry, local, path);
			remember(local);
			this.get.tell("Downloaded " + path + " to " + local + " (SHA-256 " + sha256 + ")");
			this.results.add(GetCommand.result(entry, path, sha256, local));
		}
		catch (CofferException | UncheckedIOException ex) {
			alone(path, ex);
		}
	}

	/** Why the file at {@code local} is not to be written, or null if it may be. */
	private String refusal(Path local) {
		if (Files.isSymbolicLink(local)) {
			return local + " is a symbolic link, which is not followed; it was kept.";
		}
		if (!Files.exists(local, LinkOption.NOFOLLOW_LINKS)) {
			return null;
		}
		Path earlier = writtenAs(local);
		if (earlier != null) {
			return earlier.equals(local)
					? local + " was written just before by this download (two NAMEs went into one directory); "
							+ "it was not replaced."
					: local + " is " + earlier + " here (this file system takes names differing only in case for "
							+ "one), written just before by this download; it was not replaced.";
		}
		if (!Files.isRegularFile(local, LinkOption.NOFOLLOW_LINKS)) {
			return local + " exists and is not a regular file; it was kept.";
		}
		if (!this.get.force) {
			return local + " exists already. Use --force to replace it.";
		}
		return null;
	}

	private void remember(Path local) {
		Object key = fileKey(local);
		if (key != null) {
			this.written.put(key, local);
		}
		else {
			this.writtenWithoutKeys.computeIfAbsent(local.getParent(), (directory) -> new ArrayList<>()).add(local);
		}
	}

	/**
	 * The file this run wrote that the existing {@code local} is, under another name, or
	 * null.
	 */
	private Path writtenAs(Path local) {
		Object key = fileKey(local);
		if (key != null) {
			return this.written.get(key);
		}
		for (Path earlier : this.writtenWithoutKeys.getOrDefault(local.getParent(), List.of())) {
			try {
				if (Files.isSameFile(earlier, local)) {
					return earlier;
				}
			}
			catch (IOException ex) {
				// Not the same, as far as can be told.
			}
		}
		return null;
	}

	private static Object fileKey(Path path) {
		try {
			return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
		}
		catch (IOException ex) {
			return null;
		}
	}

	/**
	 * A failure of one file or folder alone (not found, refused, corrupt, not writable):
	 * told, and the others go on; any other (not signed in, the server unreachable, a
	 * wrong passphrase) stops the download.
	 */
	private void alone(String path, RuntimeException ex) {
		int exitCode = CofferCli.exitCode(ex);
		if (!PutCommand.FILE_ALONE.contains(exitCode)) {
			throw ex;
		}
		this.get.failed(path, exitCode, CofferCli.message(ex));
	}

}
