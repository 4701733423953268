package dev.coffer.cli.command;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
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
		JsonArray files = api().files();
		StringBuilder text = new StringBuilder();
		for (JsonElement element : files) {
			JsonObject file = element.getAsJsonObject();
			if (this.longFormat) {
				text.append(String.format("%10s  %s  v%-3d  ", Sizes.format(file.get("size").getAsLong()),
						when(file.get("modifiedAt").getAsString()), file.get("currentVersion").getAsInt()));
			}
			text.append(file.get("name").getAsString()).append('\n');
		}
		print(files, text.isEmpty() ? null : text.substring(0, text.length() - 1));
	}

	static String when(String instant) {
		return WHEN.format(Instant.parse(instant));
	}

}
