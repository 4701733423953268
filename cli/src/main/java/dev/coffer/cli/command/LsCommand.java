package dev.coffer.cli.command;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import com.google.gson.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Your files, by name. */
@Command(name = "ls", description = "List your files.")
public final class LsCommand extends ServerCommand {

	static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
		.withZone(ZoneId.systemDefault());

	@Option(names = { "-l", "--long" }, description = "With size, last change and number of versions")
	boolean longFormat;

	@Override
	void run() {
		printRows(api().files(), this::line);
	}

	private String line(JsonObject file) {
		String name = file.get("name").getAsString();
		if (!this.longFormat) {
			return name;
		}
		return String.format("%10s  %s  v%-3d  %s", Sizes.format(file.get("size").getAsLong()),
				when(file.get("modifiedAt").getAsString()), file.get("currentVersion").getAsInt(), name);
	}

	static String when(String instant) {
		return WHEN.format(Instant.parse(instant));
	}

}
