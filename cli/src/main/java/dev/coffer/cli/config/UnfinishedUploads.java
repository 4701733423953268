package dev.coffer.cli.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;

/**
 * The resumable uploads this client started and has not finished, so that running
 * {@code put} again for the same file goes on where the last run stopped. Kept in
 * {@code uploads.json} in the configuration directory, owner-only like the tokens (see
 * {@link PrivateFiles}): an upload's location is worth as much as the token that made it.
 * One upload per server, local file and target; a run that ends (done, refused, or the
 * file changed) removes its entry. Two clients writing at the same moment may lose an
 * entry; that costs a fresh start, not data.
 */
public final class UnfinishedUploads {

	private static final String FILE = "uploads.json";

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

	private final Path file;

	public UnfinishedUploads(Path configDir) {
		this.file = configDir.resolve(FILE);
	}

	/**
	 * One unfinished upload.
	 *
	 * @param server the server's URL
	 * @param path the local file's absolute path
	 * @param target where it goes: its path in your folders ({@code reports/q1.pdf})
	 * @param size the local file's size when the upload started
	 * @param modified the local file's last-modified time then
	 * @param sha256 the file's SHA-256 (lower-case hex) if it was declared when the
	 * upload started (by clients before 2026-12-03), else {@code null}: the last piece
	 * declares it
	 * @param location the upload on the server, {@code /api/v1/uploads/{id}}
	 * @param started when the upload started, as an ISO-8601 instant; {@code null} if
	 * recorded by clients before 2026-12-03
	 */
	public record Entry(String server, String path, String target, long size, String modified, String sha256,
			String location, String started) {

		boolean isFor(URI server, Path path, String target) {
			return server.toString().equals(this.server) && path.toString().equals(this.path)
					&& target.equals(this.target);
		}

		/**
		 * Whether the local file has the size and last-modified time it had when the
		 * upload started, so that what the server holds may still be its beginning.
		 */
		public boolean unchanged(long size, String modified) {
			return size == this.size && modified.equals(this.modified);
		}

	}

	/** The unfinished uploads to {@code server}, in the order they started. */
	public List<Entry> to(URI server) {
		return load().stream().filter((entry) -> server.toString().equals(entry.server())).toList();
	}

	/** The servers other than {@code server} that unfinished uploads go to. */
	public List<String> otherServers(URI server) {
		return load().stream()
			.map(Entry::server)
			.filter((other) -> !server.toString().equals(other))
			.distinct()
			.toList();
	}

	/** The unfinished upload of {@code path} to {@code target} on {@code server}. */
	public Optional<Entry> find(URI server, Path path, String target) {
		return load().stream().filter((entry) -> entry.isFor(server, path, target)).findFirst();
	}

	/** Remembers {@code entry}, in place of any for the same server, file and target. */
	public void save(Entry entry) {
		List<Entry> entries = withoutEntryFor(URI.create(entry.server()), Path.of(entry.path()), entry.target());
		entries.add(entry);
		store(entries);
	}

	/** Forgets the upload of {@code path} to {@code target} on {@code server}. */
	public void remove(URI server, Path path, String target) {
		List<Entry> entries = load();
		List<Entry> kept = withoutEntryFor(server, path, target);
		if (kept.size() != entries.size()) {
			store(kept);
		}
	}

	/** Forgets {@code entry}. */
	public void remove(Entry entry) {
		remove(URI.create(entry.server()), Path.of(entry.path()), entry.target());
	}

	private List<Entry> withoutEntryFor(URI server, Path path, String target) {
		List<Entry> entries = load();
		entries.removeIf((entry) -> entry.isFor(server, path, target));
		return entries;
	}

	private List<Entry> load() {
		try {
			List<Entry> entries = GSON.fromJson(Files.readString(this.file, StandardCharsets.UTF_8),
					new TypeToken<List<Entry>>() {
					}.getType());
			return (entries != null) ? new ArrayList<>(entries) : new ArrayList<>();
		}
		catch (NoSuchFileException ex) {
			return new ArrayList<>();
		}
		catch (JsonParseException ex) {
			// Damaged: what it remembered is lost, uploads start over.
			return new ArrayList<>();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + this.file, ex);
		}
	}

	private void store(List<Entry> entries) {
		try {
			if (entries.isEmpty()) {
				Files.deleteIfExists(this.file);
			}
			else {
				PrivateFiles.write(this.file, GSON.toJson(entries));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + this.file, ex);
		}
	}

}
