package dev.coffer.cli.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.coffer.cli.CofferCli;
import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;
import dev.coffer.cli.config.UnfinishedUploads;
import dev.coffer.cli.e2e.FileKey;
import dev.coffer.cli.http.CofferApi;
import dev.coffer.cli.http.SharedWithMe;

/** Uploads files; a name you already have gets a new version. */
@Command(name = "put",
		description = { "Upload files and directories. A file whose name you already have becomes its new version.",
				"A directory is uploaded with everything in it, into a folder of its name (or --name).",
				"- reads standard input (give it a --name). A --name with / puts the file into folders, which are "
						+ "made as needed.",
				"Files above --resumable-above are sent in pieces: if the upload is interrupted, running the same "
						+ "put again sends only the rest." })
public final class PutCommand extends ServerCommand {

	private static final long MIN_CHUNK_SIZE = 64 * 1024;

	/**
	 * The failures of one file in a put of several (or a get -r), after which the others
	 * go on.
	 */
	static final Set<Integer> FILE_ALONE = Set.of(ExitCodes.NOT_FOUND, ExitCodes.REFUSED, ExitCodes.CORRUPT_DOWNLOAD,
			ExitCodes.LOCAL_FILE);

	/**
	 * What Ctrl-C during an upload in one request says is left: nothing, or all of it if
	 * the server had the whole body already; which, the client cannot know.
	 */
	private static final Supplier<String> NOTHING_TO_SAY = () -> null;

	@Parameters(paramLabel = "FILE", arity = "1..*",
			description = "Files or directories to upload, or - for standard input")
	List<String> sources;

	@Option(names = "--name", paramLabel = "NAME",
			description = "The name or path to store it under, e.g. reports/q1.pdf, or a folder ending in /, "
					+ "e.g. reports/ (default: the file's own name; required for -); for a directory, the folder "
					+ "to put its content in")
	String name;

	@Option(names = "--chunk-size", paramLabel = "SIZE", converter = Sizes.Converter.class,
			description = "How much of a resumable upload to send per request (default: 64MiB, at least 64KiB)")
	long chunkSize = 64L << 20;

	@Option(names = "--resumable-above", paramLabel = "SIZE", converter = Sizes.Converter.class,
			description = "Upload files larger than this so that an interrupted upload can be resumed "
					+ "by running the same put again (default: 16MiB)")
	long resumableAbove = 16L << 20;

	@Option(names = "--e2e",
			description = "Encrypt end to end: only you and those you share it with using share --e2e can open it, "
					+ "not the server (needs coffer keys init; sent in one piece, not resumable)")
	boolean endToEnd;

	@Option(names = "--owner", paramLabel = "USER",
			description = "Upload a new version of a file USER shares with you to edit: NAME (or the file's own name) "
					+ "is its name as 'coffer ls --owner USER' shows it, or a path into a folder they share with you")
	String owner;

	/** The folders found or made for resumable uploads in this run, by path. */
	private final Map<String, String> folderIds = new HashMap<>();

	private EndToEndPut endToEndPut;

	/** The folders made for the upload under way, top first. */
	private final List<String> foldersMade = new ArrayList<>();

	/**
	 * The exit code of the first file that failed in a put of several, which went on with
	 * the others.
	 */
	private int firstFailure = ExitCodes.OK;

	@Override
	void run() {
		if (this.chunkSize < MIN_CHUNK_SIZE) {
			// Tinier pieces: a request and a stored part for every few bytes.
			throw new CofferException(ExitCodes.USAGE, "--chunk-size must be at least 64KiB.");
		}
		if (this.name != null) {
			// Refuses . and .. before anything is sent (every path goes through it).
			CofferApi.segments(this.name);
		}
		if (this.name != null && this.sources.size() > 1) {
			throw new CofferException(ExitCodes.USAGE, "--name goes with a single FILE.");
		}
		if (this.owner != null && this.endToEnd) {
			throw new CofferException(ExitCodes.USAGE, "--e2e cannot go with --owner: only " + this.owner
					+ " can add end-to-end encrypted versions to their files (each version's key is wrapped for "
					+ "everyone who reads it).");
		}
		if (this.endToEnd) {
			warmUpCiphers();
		}
		CofferApi api = api();
		if (this.endToEnd) {
			// Before a folder is made for any file: without your keys every upload fails.
			endToEndPut(api).ownKey();
		}
		JsonArray uploaded = new JsonArray();
		for (String source : this.sources) {
			if ("-".equals(source)) {
				uploaded.add(told(tellingFoldersLeft(() -> putStandardInput(api)), this.name));
			}
			else if (this.owner != null && Files.isDirectory(Path.of(source), LinkOption.NOFOLLOW_LINKS)) {
				throw new CofferException(ExitCodes.USAGE, "--owner takes files, not a directory (" + source
						+ "): it uploads new versions of files " + this.owner + " shares with you.");
			}
			else if (Files.isDirectory(Path.of(source), LinkOption.NOFOLLOW_LINKS)) {
				putDirectory(api, Path.of(source), uploaded);
			}
			else {
				Path path = Path.of(source);
				String storedName = (this.name == null) ? path.getFileName().toString()
						// A name ending in / is a folder, as with cp: the file keeps its
						// name; so is one of your folders named without the /.
						: (this.name.endsWith("/") || isOwnFolder(api, this.name))
								? String.join("/", CofferApi.segments(this.name)) + "/" + path.getFileName()
								: this.name;
				putEach(api, path, storedName, this.sources.size() > 1, uploaded);
			}
		}
		print(uploaded, null);
	}

	@Override
	int exitCode() {
		return this.firstFailure;
	}

	/**
	 * Uploads one file. In a put of several ({@code several}: several FILEs, or a
	 * directory), a failure of that file alone (refused by the server, not found, not
	 * readable, changed while sent, stored with another SHA-256) is told with the file's
	 * path and the others go on; the command then exits with the first such failure's
	 * code. A failure that stops every upload (not signed in, the server unreachable,
	 * failing or asking to wait, an untrusted certificate, Ctrl-C) stops at once.
	 */
	private void putEach(CofferApi api, Path path, String storedName, boolean several, JsonArray uploaded) {
		try {
			uploaded.add(told(tellingFoldersLeft(() -> putFile(api, path, storedName)), storedName));
		}
		catch (CofferException | UncheckedIOException ex) {
			int exitCode = CofferCli.exitCode(ex);
			if (!several || !FILE_ALONE.contains(exitCode)) {
				throw ex;
			}
			failed(path, exitCode, CofferCli.message(ex));
		}
	}

	/**
	 * One upload; if it fails after folders were made for it, its failure says they are
	 * left (the server keeps a folder whatever happens to the upload into it, and the
	 * client does not guess whether deleting it is wanted).
	 */
	private JsonObject tellingFoldersLeft(Supplier<JsonObject> upload) {
		this.foldersMade.clear();
		try {
			return upload.get();
		}
		catch (CofferException | UncheckedIOException ex) {
			if (this.foldersMade.isEmpty()) {
				throw ex;
			}
			String top = this.foldersMade.getFirst();
			throw new CofferException(CofferCli.exitCode(ex), CofferCli.message(ex) + " Made for it and left behind: "
					+ this.foldersMade.getLast() + "/ (remove with: coffer rm -r " + top + ")", ex);
		}
		finally {
			this.foldersMade.clear();
		}
	}

	/**
	 * Tells that {@code path} failed on its own, in a put of several that goes on with
	 * the others, and keeps the first such failure's exit code for the end.
	 */
	private void failed(Path path, int exitCode, String message) {
		err().println("coffer: " + path + ": " + message);
		err().flush();
		if (this.firstFailure == ExitCodes.OK) {
			this.firstFailure = exitCode;
		}
	}

	/**
	 * What a file that is neither regular, nor a directory, nor a link is, in words: its
	 * type from the file mode where the file system gives one ({@code unix:mode}).
	 */
	private static String kind(Path path) {
		try {
			int type = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000;
			return switch (type) {
				case 0010000 -> "a named pipe";
				case 0140000 -> "a socket";
				case 0020000, 0060000 -> "a device";
				default -> "a special file";
			};
		}
		catch (IOException | UnsupportedOperationException | IllegalArgumentException ex) {
			return "a special file";
		}
	}

	/**
	 * Every regular file in the directory and below it, each to its path under the folder
	 * named after the directory (or --name), in name order. Symbolic links are not
	 * followed (skipped, with a word on standard error); empty directories are not made.
	 * Named pipes, sockets and devices are never opened: each is a failure of its own
	 * (exit 11 at the end).
	 */
	private void putDirectory(CofferApi api, Path directory, JsonArray uploaded) {
		Path root = directory.toAbsolutePath().normalize();
		String folder = (this.name != null) ? this.name
				: (root.getFileName() != null) ? root.getFileName().toString() : "";
		if (CofferApi.segments(folder).isEmpty()) {
			throw new CofferException(ExitCodes.USAGE,
					"Give the folder to upload " + directory + " into with --name, e.g. --name backup.");
		}
		List<Path> files;
		try (Stream<Path> walk = Files.walk(root)) {
			files = walk.filter((path) -> !path.equals(root)).sorted().toList();
		}
		catch (IOException ex) {
			throw new CofferException(ExitCodes.LOCAL_FILE, "Cannot read the directory " + directory + ".");
		}
		boolean any = false;
		for (Path path : files) {
			if (Files.isSymbolicLink(path)) {
				tell("Skipped " + path + ": a symbolic link");
				continue;
			}
			if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
				continue;
			}
			if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
				// Never opened: reading a named pipe would wait for a writer, a device
				// may
				// never end.
				failed(path, ExitCodes.LOCAL_FILE, "skipped: not a regular file (" + kind(path) + ")");
				continue;
			}
			StringBuilder stored = new StringBuilder(folder);
			for (Path segment : root.relativize(path)) {
				stored.append('/').append(segment);
			}
			any = true;
			putEach(api, path, stored.toString(), true, uploaded);
		}
		if (!any) {
			tell("Nothing to upload in " + directory + ": it holds no files (empty directories are not made).");
		}
	}

	private JsonObject told(JsonObject file, String storedName) {
		String shown = (this.owner != null) ? SharedWithMe.shown(this.owner, storedName)
				: (storedName != null && storedName.contains("/")) ? String.join("/", CofferApi.segments(storedName))
						: file.get("name").getAsString();
		tell("Uploaded " + shown + ": version " + file.get("currentVersion").getAsInt() + ", "
				+ Sizes.format(file.get("size").getAsLong()) + ", SHA-256 " + file.get("sha256").getAsString());
		return file;
	}

	private JsonObject putStandardInput(CofferApi api) {
		if (this.name == null) {
			throw new CofferException(ExitCodes.USAGE, "put - needs a --name to store standard input under.");
		}
		if (this.name.endsWith("/") || isOwnFolder(api, this.name)) {
			String folder = String.join("/", CofferApi.segments(this.name));
			throw new CofferException(ExitCodes.USAGE, CofferApi.quoted(folder)
					+ " is a folder: give standard input a file name in it, such as --name " + folder + "/notes.txt");
		}
		InputStream stdin = context().stdin();
		try (Interruption.Transfer transfer = transfer(NOTHING_TO_SAY)) {
			if (this.owner != null) {
				SharedFile shared = sharedFile(api, this.name);
				return Transfers.upload(shared.shown(), shared.destination(), () -> stdin, -1, progress(this.name, -1));
			}
			ResumablePut.Target target = target(api, this.name);
			if (this.endToEnd) {
				return endToEndPut(api).upload(stdin, -1, "standard input", target, progress(this.name, -1));
			}
			return Transfers.upload(api, target, () -> stdin, -1, progress(this.name, -1));
		}
	}

	private JsonObject putFile(CofferApi api, Path path, String storedName) {
		if (!Files.isReadable(path)) {
			throw new CofferException(ExitCodes.LOCAL_FILE, "Cannot read " + path + ": no such file, or not readable.");
		}
		// A pipe or a device has no size to go by (the file system says 0), nor has an
		// empty file that may grow while it is read: each goes up as standard input does,
		// its length unknown up front. A declared length of 0 would be a whole body
		// before the first byte was read.
		long size;
		try {
			size = Files.isRegularFile(path) ? Files.size(path) : -1;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + path, ex);
		}
		if (size == 0) {
			size = -1;
		}
		Supplier<InputStream> content = () -> {
			try {
				return Files.newInputStream(path);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read " + path, ex);
			}
		};
		if (this.endToEnd) {
			// What is sent, and counted, is the ciphertext.
			ResumablePut.Target target = target(api, storedName);
			try (Interruption.Transfer transfer = transfer(NOTHING_TO_SAY); InputStream plaintext = content.get()) {
				Progress progress = progress(storedName, (size < 0) ? -1 : FileKey.ciphertextSize(size));
				return endToEndPut(api).upload(plaintext, size, path.toString(), target, progress);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read " + path, ex);
			}
		}
		if (this.owner != null) {
			SharedFile shared = sharedFileForUpload(api, path, storedName);
			if (size > this.resumableAbove) {
				return putResumable(api, path, ResumablePut.Target.newVersionOf(shared.shown(), shared.id()), size);
			}
			try (Interruption.Transfer transfer = transfer(NOTHING_TO_SAY)) {
				return Transfers.upload(shared.shown(), shared.destination(), content, size,
						progress(storedName, size));
			}
		}
		ResumablePut.Target target = target(api, storedName);
		if (size > this.resumableAbove) {
			return putResumable(api, path, target, size);
		}
		try (Interruption.Transfer transfer = transfer(NOTHING_TO_SAY)) {
			return Transfers.upload(api, target, content, size, progress(storedName, size));
		}
	}

	/**
	 * Whether {@code name} is one of your folders (not your top folder), as a --name
	 * without a trailing / may be. Not with --owner, whose names are someone else's.
	 */
	private boolean isOwnFolder(CofferApi api, String name) {
		return this.owner == null && !CofferApi.segments(name).isEmpty() && api.findFolderId(name).isPresent();
	}

	/**
	 * As {@link #sharedFile}; if it is gone (unshared, moved), an interrupted upload of
	 * {@code path} to it that an earlier run left is cancelled, as the server would
	 * refuse to finish it.
	 */
	private SharedFile sharedFileForUpload(CofferApi api, Path path, String storedName) {
		try {
			return sharedFile(api, storedName);
		}
		catch (CofferException ex) {
			if (ex.exitCode() != ExitCodes.NOT_FOUND && ex.exitCode() != ExitCodes.REFUSED) {
				throw ex; // not a refusal: the upload may still go on later
			}
			ResumablePut put = new ResumablePut(api, new UnfinishedUploads(context().configDir()), this::tell);
			if (put.cancelEarlier(path, SharedWithMe.shown(this.owner, storedName))) {
				throw new CofferException(ex.exitCode(),
						ex.getMessage() + " The interrupted upload of " + path + " to it was cancelled.", ex);
			}
			throw ex;
		}
	}

	/**
	 * A file {@link #owner} shares with you, which an upload makes a new version of.
	 *
	 * @param id its id
	 * @param shown its path as messages show it
	 * @param destination the server call for the new version
	 */
	private record SharedFile(String id, String shown, Transfers.Destination destination) {
	}

	/**
	 * The file {@link #owner} shares with you at {@code path}. One whose current version
	 * is end-to-end encrypted is refused: a version from here would be plain, readable by
	 * the server, where the owner chose that it should not be.
	 */
	private SharedFile sharedFile(CofferApi api, String path) {
		SharedWithMe shared = new SharedWithMe(api, this.owner);
		JsonObject file = shared.findFile(path)
			.orElseThrow(() -> new CofferException(ExitCodes.NOT_FOUND,
					shared.noFile(path).getMessage()
							+ ". With --owner, put uploads new versions of files that are there; only " + this.owner
							+ " can add files to their folders."));
		if (LsCommand.isEndToEnd(file)) {
			throw new CofferException(ExitCodes.REFUSED, shared.shown(path) + " is end-to-end encrypted: only "
					+ this.owner + " can add versions to it (a version from you would be readable by the server).");
		}
		String id = file.get("id").getAsString();
		return new SharedFile(id, shared.shown(path), Transfers.Destination.newVersionOf(api, id));
	}

	/**
	 * As a resumable upload; Ctrl-C then says to run the same put again if the upload was
	 * recorded to resume.
	 */
	private JsonObject putResumable(CofferApi api, Path path, ResumablePut.Target target, long size) {
		ResumablePut put = new ResumablePut(api, new UnfinishedUploads(context().configDir()), this::tell);
		String storedName = target.path();
		Supplier<String> resumeHint = () -> put.resumable(path, target) ? "run the same put again to resume" : null;
		try (Interruption.Transfer transfer = transfer(resumeHint)) {
			// Resuming hashes what arrived in the earlier run first: a pass of its own,
			// shown as one.
			LongFunction<Progress> checking = (length) -> progress(storedName + " (SHA-256)", length);
			return put.upload(path, target, this.chunkSize, checking, progress(storedName, size));
		}
	}

	private EndToEndPut endToEndPut(CofferApi api) {
		if (this.endToEndPut == null) {
			this.endToEndPut = new EndToEndPut(api, endToEnd(null), this::tell);
		}
		return this.endToEndPut;
	}

	/**
	 * Where an upload goes: its folder's id and its name there (never in a URL's path,
	 * where the server refuses some characters of names), so the folders of a path are
	 * found or made first (an upload that then fails leaves them, empty, and says so).
	 */
	private ResumablePut.Target target(CofferApi api, String storedName) {
		List<String> segments = CofferApi.segments(storedName);
		if (segments.isEmpty()) {
			throw new CofferException(ExitCodes.USAGE, "Give the file a name with --name.");
		}
		String folder = String.join("/", segments.subList(0, segments.size() - 1));
		String folderId = folder.isEmpty() ? "root"
				: this.folderIds.computeIfAbsent(folder, (path) -> api.makeFolders(path, this.foldersMade::add));
		return new ResumablePut.Target(String.join("/", segments), folderId, segments.getLast());
	}

}
