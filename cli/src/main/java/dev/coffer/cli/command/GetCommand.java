package dev.coffer.cli.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;
import dev.coffer.cli.e2e.EndToEndException;
import dev.coffer.cli.e2e.FileKey;
import dev.coffer.cli.e2e.UserKeyPair;
import dev.coffer.cli.http.CofferApi;
import dev.coffer.cli.http.SharedWithMe;

/**
 * Downloads files, and with {@code -r} folders ({@link FolderDownload}). Each file
 * arrives in a temporary file next to its target and takes the target's name only once
 * all of it is there and its SHA-256 is the one the server gave; an interrupted or
 * corrupt download leaves nothing behind.
 */
@Command(name = "get",
		description = { "Download files (yours, or shared with you), and with -r folders with everything in them.",
				"A file is written under its name only once all of it arrived and its SHA-256 matched.",
				"An end-to-end encrypted file is decrypted with your private key (it asks for its passphrase) "
						+ "and written only if every byte of it authenticates." })
public final class GetCommand extends ServerCommand {

	private static final SecureRandom RANDOM = new SecureRandom();

	/** On an end-to-end encrypted download: {@code <file id>; version=<n>}. */
	static final String END_TO_END_HEADER = "Coffer-End-To-End";

	private static final Pattern END_TO_END_VALUE = Pattern.compile("([A-Za-z0-9-]{1,64});\\s*version=(\\d{1,9})");

	@Parameters(paramLabel = "NAME", arity = "1..*",
			description = "The files to download: names, or paths in your folders such as reports/q1.pdf")
	List<String> names;

	@Option(names = { "-o", "--output" }, paramLabel = "PATH",
			description = "Where to write: a file (for one NAME), a directory, or - for standard output (default: the current directory)")
	String output;

	@Option(names = "--version", paramLabel = "N", description = "Download version N instead of the current one")
	Integer version;

	@Option(names = { "-f", "--force" }, description = "Replace a local file of the same name")
	boolean force;

	@Option(names = { "-r", "--recursive" },
			description = "Also download folders, with everything in them, into a directory of the folder's name "
					+ "(in -o DIR if it exists, else as DIR)")
	boolean recursive;

	@Option(names = "--e2e",
			description = "Require end-to-end encryption: refuse a file the server does not send encrypted under a key "
					+ "wrapped for you, so that a plain file put in the place of an end-to-end encrypted one is caught")
	boolean requireEndToEnd;

	@Option(names = "--owner", paramLabel = "USER",
			description = "The user who shares the file with you: NAME is then its name as 'coffer ls --owner USER' shows it, or a path into a folder they share with you")
	String owner;

	@Mixin
	PassphraseOptions passphrase;

	/** Your key pair, opened at the first end-to-end encrypted file of this run. */
	private UserKeyPair keyPair;

	/**
	 * The exit code of the first file that failed in a get -r, which went on with the
	 * others.
	 */
	private int firstFailure = ExitCodes.OK;

	/**
	 * What one NAME is: a file, or (with -r) a folder.
	 *
	 * @param file the file, or null for a folder
	 * @param folderId the folder's id, or null for a file
	 */
	private record Wanted(String path, JsonObject file, String folderId) {
	}

	@Override
	void run() {
		if ("-".equals(this.output) && (this.names.size() > 1 || this.recursive)) {
			throw new CofferException(ExitCodes.USAGE, "-o - writes one file to standard output; give one NAME"
					+ (this.recursive ? ", without -r." : "."));
		}
		if (this.version != null && this.names.size() > 1) {
			throw new CofferException(ExitCodes.USAGE, "--version goes with a single NAME.");
		}
		CofferApi api = api();
		// Every name is found before anything is downloaded, so a typo fetches nothing.
		List<Wanted> wanted = new ArrayList<>();
		for (String name : this.names) {
			if (CofferApi.segments(name).isEmpty()) {
				throw new CofferException(ExitCodes.USAGE, "Give the name or path of a file, such as reports/q1.pdf.");
			}
			wanted.add(find(api, name));
		}
		JsonArray results = new JsonArray();
		FolderDownload folders = new FolderDownload(this, api, results);
		for (Wanted one : wanted) {
			if (one.file() != null) {
				results.add(get(api, one.file(), one.path()));
			}
			else {
				folders.download(one.folderId(), one.path(), folderTarget(one.path()));
			}
		}
		if (!"-".equals(this.output)) {
			print(results, null);
		}
	}

	@Override
	int exitCode() {
		return this.firstFailure;
	}

	/**
	 * Tells that {@code path} failed on its own, in a get -r that goes on with the
	 * others, and keeps the first such failure's exit code for the end.
	 */
	void failed(String path, int exitCode, String message) {
		err().println("coffer: " + path + ": " + message);
		err().flush();
		if (this.firstFailure == ExitCodes.OK) {
			this.firstFailure = exitCode;
		}
	}

	/**
	 * The file at {@code path} (yours, or --owner's), or with -r the folder; a folder
	 * without -r is refused, saying so.
	 */
	private Wanted find(CofferApi api, String path) {
		SharedWithMe shared = (this.owner != null) ? new SharedWithMe(api, this.owner) : null;
		Optional<String> folderId = (shared != null) ? shared.findFolderId(path) : api.findFolderId(path);
		if (folderId.isPresent()) {
			String shown = String.join("/", CofferApi.segments(path));
			String again = "coffer get -r " + shown + ((this.owner != null) ? " --owner " + this.owner : "");
			if (!this.recursive) {
				throw new CofferException(ExitCodes.USAGE, CofferApi.quoted(shown)
						+ " is a folder; use get -r to download it with everything in it: " + again);
			}
			if (this.version != null) {
				throw new CofferException(ExitCodes.USAGE, "--version is for a file; " + CofferApi.quoted(shown)
						+ " is a folder (its files are downloaded at their current versions).");
			}
			return new Wanted(shown, null, folderId.get());
		}
		return new Wanted(path, (shared != null) ? shared.file(path) : findFile(api, path), null);
	}

	/**
	 * Where get -r writes the folder at {@code path}: a directory of its name in the
	 * current directory, or in -o if that is a directory; else (one NAME) -o itself, as
	 * cp -r does.
	 */
	private Path folderTarget(String path) {
		return target(CofferApi.segments(path).getLast(), "the new directory's name");
	}

	/**
	 * Your file at that path, or else (for a name without folders) one of that name
	 * shared with you.
	 */
	private static JsonObject findFile(CofferApi api, String path) {
		return api.findFile(path)
			.or(() -> path.contains("/") ? Optional.empty() : sharedWithMe(api, path))
			.orElseThrow(() -> withOwnerHint(api, path, api.noFile(path)));
	}

	/**
	 * {@code notFound}, and if the path starts with the name of a folder shared with you,
	 * how to reach it there: a path in someone else's folder needs --owner.
	 */
	private static CofferException withOwnerHint(CofferApi api, String path, CofferException notFound) {
		List<String> segments = CofferApi.segments(path);
		if (segments.size() < 2) {
			return notFound;
		}
		List<String> owners = api.foldersSharedWithMe()
			.asList()
			.stream()
			.map(JsonElement::getAsJsonObject)
			.filter((folder) -> segments.getFirst().equals(folder.get("name").getAsString()))
			.map((folder) -> folder.get("owner").getAsString())
			.distinct()
			.toList();
		if (owners.isEmpty()) {
			return notFound;
		}
		return new CofferException(notFound.exitCode(),
				notFound.getMessage() + ". " + String.join(" and ", owners) + " share"
						+ ((owners.size() == 1) ? "s" : "") + " a folder " + CofferApi.quoted(segments.getFirst())
						+ " with you: coffer get " + String.join("/", segments) + " --owner " + owners.getFirst());
	}

	/**
	 * The one file of that name shared with you; several are refused rather than one of
	 * them guessed, as with --owner.
	 */
	private static Optional<JsonObject> sharedWithMe(CofferApi api, String typed) {
		String name = CofferApi.normalized(typed);
		List<JsonObject> matches = new ArrayList<>();
		for (JsonElement shared : api.sharedWithMe()) {
			if (name.equals(shared.getAsJsonObject().get("name").getAsString())) {
				matches.add(shared.getAsJsonObject());
			}
		}
		if (matches.size() > 1) {
			List<String> owners = matches.stream().map((file) -> file.get("owner").getAsString()).distinct().toList();
			throw new CofferException(ExitCodes.USAGE,
					(owners.size() == 1)
							? owners.getFirst() + " shares " + matches.size() + " files named " + CofferApi.quoted(name)
									+ " with you, from different folders of theirs; ask them to rename one."
							: matches.size() + " files named " + CofferApi.quoted(name) + " are shared with you (by "
									+ String.join(", ", owners) + "): say whose with --owner USER.");
		}
		return matches.stream().findFirst();
	}

	private HttpResponse<InputStream> download(CofferApi api, JsonObject file) {
		return api.download(file.get("id").getAsString(), this.version);
	}

	/** Downloads {@code file}, which the user named by {@code path}. */
	private JsonObject get(CofferApi api, JsonObject file, String path) {
		String name = file.get("name").getAsString();
		if ("-".equals(this.output)) {
			HttpResponse<InputStream> response = download(api, file);
			String sha256 = receive(api, file, response, context().stdout(), Progress.of(false, err(), name, -1),
					"do not use what was written to standard output");
			return result(file, path, sha256, null);
		}
		Path target;
		try {
			target = followLinks(target(name));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + target(name), ex);
		}
		if (Files.exists(target) && !Files.isRegularFile(target) && !Files.isDirectory(target)) {
			return getInto(api, file, path, target);
		}
		if (Files.exists(target) && !this.force) {
			throw new CofferException(ExitCodes.LOCAL_FILE,
					target + " exists already. Use --force to replace it, or -o to write elsewhere.");
		}
		Path directory = target.toAbsolutePath().getParent();
		if (!Files.isDirectory(directory)) {
			throw new CofferException(ExitCodes.LOCAL_FILE,
					"Cannot write " + target + ": there is no directory " + directory + ".");
		}
		String sha256 = write(api, file, target, name);
		String shown = (this.owner != null) ? SharedWithMe.shown(this.owner, path) : name;
		tell("Downloaded " + shown + " to " + target + " (SHA-256 " + sha256 + ")");
		return result(file, path, sha256, target);
	}

	/**
	 * Downloads {@code file} into a temporary file next to {@code target}, which takes
	 * the target's name (replacing a file there) only once all of it arrived and checked.
	 * @param label what the progress bar says
	 * @return the SHA-256 of what was written
	 */
	String write(CofferApi api, JsonObject file, Path target, String label) {
		Path partial = null;
		try {
			partial = newPartFile(target.toAbsolutePath().getParent());
			String sha256;
			try (Interruption.Transfer transfer = transfer(removing(partial))) {
				HttpResponse<InputStream> response = download(api, file);
				long size = response.headers().firstValueAsLong("Content-Length").orElse(-1);
				try (OutputStream sink = Files.newOutputStream(partial)) {
					sha256 = receive(api, file, response, sink, progress(label, size), "it was not kept");
				}
				Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
				partial = null;
			}
			return sha256;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + target, ex);
		}
		finally {
			deleteQuietly(partial);
		}
	}

	/**
	 * Downloads into an existing file that is not a regular one (a device such as
	 * /dev/null, a FIFO) as it is, as curl -o does: such a file is the reader the user
	 * chose, never replaced by a regular file of its name.
	 */
	private JsonObject getInto(CofferApi api, JsonObject file, String path, Path target) {
		String name = file.get("name").getAsString();
		String sha256;
		try (Interruption.Transfer transfer = transfer(() -> null);
				OutputStream sink = Files.newOutputStream(target, StandardOpenOption.WRITE)) {
			HttpResponse<InputStream> response = download(api, file);
			long size = response.headers().firstValueAsLong("Content-Length").orElse(-1);
			sha256 = receive(api, file, response, sink, progress(name, size),
					"do not use what was written to " + target);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + target, ex);
		}
		String shown = (this.owner != null) ? SharedWithMe.shown(this.owner, path) : name;
		tell("Downloaded " + shown + " to " + target + " (SHA-256 " + sha256 + ")");
		return result(file, path, sha256, target);
	}

	/**
	 * Where a symbolic link (or a chain of them) points, so that the download replaces
	 * the file there and not the link; {@code path} itself if it is not a link.
	 */
	private static Path followLinks(Path path) throws IOException {
		Path current = path;
		for (int hops = 0; hops < 40 && Files.isSymbolicLink(current); hops++) {
			current = current.toAbsolutePath().resolveSibling(Files.readSymbolicLink(current));
		}
		return current;
	}

	/**
	 * On Ctrl-C, which leaves no finally block to run: removes the partial file, unless
	 * it became the downloaded file just before.
	 */
	static Supplier<String> removing(Path partial) {
		return () -> {
			try {
				return Files.deleteIfExists(partial) ? "nothing was kept" : null;
			}
			catch (IOException ex) {
				return "remove the partial download " + partial;
			}
		};
	}

	/**
	 * Writes the download to {@code sink} and checks it against the SHA-256 the server
	 * gave; an end-to-end encrypted one is decrypted and checked by its authentication
	 * tags instead.
	 * @return the SHA-256 of what was written
	 */
	private String receive(CofferApi api, JsonObject file, HttpResponse<InputStream> response, OutputStream sink,
			Progress progress, String consequence) {
		String name = file.get("name").getAsString();
		FileKey key;
		try {
			key = endToEndKey(api, file, response);
		}
		catch (RuntimeException ex) {
			closeQuietly(response);
			throw ex;
		}
		if (key == null) {
			refuseUnencrypted(file, response);
			String expected = Transfers.expectedSha256(response, null);
			String sha256 = Transfers.download(response, sink, progress);
			requireMatch(name, expected, sha256, consequence);
			return sha256;
		}
		return Transfers.downloadDecrypting(response, sink, progress, key, name, consequence);
	}

	/**
	 * The file key of an end-to-end encrypted download (the server says which version it
	 * is), from the key wrapped for you; null for a download that is not.
	 */
	private FileKey endToEndKey(CofferApi api, JsonObject file, HttpResponse<InputStream> response) {
		String header = response.headers().firstValue(END_TO_END_HEADER).orElse(null);
		if (header == null) {
			return null;
		}
		String name = file.get("name").getAsString();
		Matcher matcher = END_TO_END_VALUE.matcher(header);
		if (!matcher.matches()) {
			throw new CofferException(ExitCodes.SERVER_ERROR, "The server's answer is not what the client expected.");
		}
		String fileId = matcher.group(1);
		int number = Integer.parseInt(matcher.group(2));
		if (!file.get("id").getAsString().equals(fileId) || (this.version != null && this.version != number)) {
			throw new CofferException(ExitCodes.CORRUPT_DOWNLOAD,
					"The server sent another file or version than the one asked for " + name + "; nothing was kept.");
		}
		byte[] wrapped = Base64.getDecoder().decode(api.wrappedKey(fileId, number).get("wrappedKey").getAsString());
		if (this.keyPair == null) {
			warmUpCiphers();
			this.keyPair = endToEnd(this.passphrase).unlock();
		}
		try {
			return this.keyPair.unwrap(wrapped, fileId, number);
		}
		catch (EndToEndException ex) {
			throw new CofferException(ExitCodes.CORRUPT_DOWNLOAD, "Cannot decrypt " + name + ": " + ex.getMessage()
					+ " (it was wrapped to another key, or for another file or version). Nothing was kept.");
		}
	}

	/**
	 * Refuses a download the server sends as plain content when the user asked for
	 * end-to-end encryption: the server is the only one saying it is plain, and a server
	 * in an attacker's hands could put any plain file in the place of an end-to-end
	 * encrypted one.
	 */
	private void refuseUnencrypted(JsonObject file, HttpResponse<InputStream> response) {
		if (this.requireEndToEnd) {
			closeQuietly(response);
			throw new CofferException(ExitCodes.CORRUPT_DOWNLOAD,
					file.get("name").getAsString() + " is not end-to-end encrypted (--e2e); nothing was written.");
		}
	}

	private static void closeQuietly(HttpResponse<InputStream> response) {
		try {
			response.body().close();
		}
		catch (IOException ex) {
			// Abandoned anyway.
		}
	}

	private Path target(String name) {
		return target(name, "a file name");
	}

	/**
	 * {@code name} in the current directory, or in -o if that is a directory; else (one
	 * NAME) -o itself.
	 * @param newName what -o names when it is not a directory, for the message
	 */
	private Path target(String name, String newName) {
		if (this.output == null) {
			return Path.of(name);
		}
		Path given = Path.of(this.output);
		if (Files.isDirectory(given)) {
			return given.resolve(name);
		}
		if (this.output.endsWith("/") || this.output.endsWith(java.io.File.separator)) {
			// A directory was meant: never a file of that name instead.
			throw new CofferException(ExitCodes.LOCAL_FILE, "Cannot write into " + this.output
					+ ": there is no such directory. Make it first, or give -o " + newName + ".");
		}
		if (this.names.size() > 1) {
			throw new CofferException(ExitCodes.USAGE, "With several NAMEs, -o must be an existing directory.");
		}
		return given;
	}

	private static void requireMatch(String name, String expected, String actual, String consequence) {
		if (expected != null && !expected.equalsIgnoreCase(actual)) {
			throw new CofferException(ExitCodes.CORRUPT_DOWNLOAD, "The download of " + name + " has SHA-256 " + actual
					+ ", not the server's " + expected + ": " + consequence + ".");
		}
	}

	static JsonObject result(JsonObject file, String path, String sha256, Path target) {
		JsonObject result = new JsonObject();
		result.addProperty("name", file.get("name").getAsString());
		result.addProperty("id", file.get("id").getAsString());
		if (path.contains("/")) {
			result.addProperty("serverPath", String.join("/", CofferApi.segments(path)));
		}
		result.addProperty("sha256", sha256);
		if (target != null) {
			result.addProperty("path", target.toString());
		}
		return result;
	}

	private static void deleteQuietly(Path partial) {
		if (partial != null) {
			try {
				Files.deleteIfExists(partial);
			}
			catch (IOException ex) {
				// Best effort; the name says it is a partial download.
			}
		}
	}

	/**
	 * A new, empty {@code .coffer-*.part} file in {@code directory}, made as any new file
	 * is, so that the download gets the permissions the user's umask gives (a temporary
	 * file would be owner-only, unlike what curl or a browser leave).
	 */
	private static Path newPartFile(Path directory) throws IOException {
		while (true) {
			try {
				return Files
					.createFile(directory.resolve(".coffer-" + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".part"));
			}
			catch (FileAlreadyExistsException ex) {
				// Taken: another name.
			}
		}
	}

}
