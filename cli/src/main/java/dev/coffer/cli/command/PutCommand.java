package dev.coffer.cli.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;
import dev.coffer.cli.http.CofferApi;

/** Uploads files; a name you already have gets a new version. */
@Command(name = "put", description = { "Upload files. A file whose name you already have becomes its new version.",
		"- reads standard input (give it a --name)." })
public final class PutCommand extends ServerCommand {

	@Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to upload, or - for standard input")
	List<String> sources;

	@Option(names = "--name", paramLabel = "NAME",
			description = "The name to store it under (default: the file's own name; required for -)")
	String name;

	@Override
	void run() {
		if (this.name != null && this.sources.size() > 1) {
			throw new CofferException(ExitCodes.USAGE, "--name goes with a single FILE.");
		}
		CofferApi api = api();
		JsonArray uploaded = new JsonArray();
		for (String source : this.sources) {
			JsonObject file = "-".equals(source) ? putStandardInput(api) : putFile(api, Path.of(source));
			uploaded.add(file);
			tell("Uploaded " + file.get("name").getAsString() + ": version " + file.get("currentVersion").getAsInt()
					+ ", " + Sizes.format(file.get("size").getAsLong()) + ", SHA-256 "
					+ file.get("sha256").getAsString());
		}
		print(uploaded, null);
	}

	private JsonObject putStandardInput(CofferApi api) {
		if (this.name == null) {
			throw new CofferException(ExitCodes.USAGE, "put - needs a --name to store standard input under.");
		}
		InputStream stdin = context().stdin();
		return Transfers.upload(api, this.name, () -> stdin, -1, Progress.of(showProgress(), err(), this.name, -1));
	}

	private JsonObject putFile(CofferApi api, Path path) {
		if (Files.isDirectory(path)) {
			throw new CofferException(ExitCodes.USAGE,
					path + " is a directory. Folders are not supported yet: " + "upload the files in it one by one.");
		}
		if (!Files.isReadable(path)) {
			throw new CofferException(ExitCodes.LOCAL_FILE, "Cannot read " + path + ": no such file, or not readable.");
		}
		String storedName = (this.name != null) ? this.name : path.getFileName().toString();
		long size;
		try {
			size = Files.size(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + path, ex);
		}
		Supplier<InputStream> content = () -> {
			try {
				return Files.newInputStream(path);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read " + path, ex);
			}
		};
		return Transfers.upload(api, storedName, content, size, Progress.of(showProgress(), err(), storedName, size));
	}

}
