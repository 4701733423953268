package dev.coffer.cli.command;

import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;
import dev.coffer.cli.http.CofferApi;

/**
 * Deletes files with all their versions, and with {@code -r} folders with everything in
 * them: all that were named, or nothing.
 */
@Command(name = "rm",
		description = {
				"Delete files, with all their versions, and with -r folders with everything in them "
						+ "(into your trash on the server).",
				"All of them are deleted, or none: a name that is not there deletes nothing." })
public final class RmCommand extends ServerCommand {

	@Parameters(paramLabel = "NAME", arity = "1..*",
			description = "The files (or with -r folders) to delete: names, or paths such as reports/q1.pdf")
	List<String> names;

	@Option(names = { "-r", "--recursive" }, description = "Also delete folders, with everything in them")
	boolean recursive;

	@Override
	void run() {
		CofferApi api = api();
		List<String> fileIds = new ArrayList<>();
		List<String> folderIds = new ArrayList<>();
		List<String> told = new ArrayList<>();
		// Every name is found before anything is deleted, so a typo deletes nothing.
		for (String name : this.names) {
			String shown = String.join("/", CofferApi.segments(name));
			if (shown.isEmpty()) {
				throw new CofferException(ExitCodes.USAGE, "Your top folder cannot be deleted; name what is in it.");
			}
			CofferApi.Entry entry = api.findEntry(name)
				.orElseThrow(() -> this.recursive ? api.noFileOrFolder(name) : api.noFile(name));
			if (!entry.isFolder()) {
				fileIds.add(entry.id());
				told.add("Deleted " + shown);
				continue;
			}
			if (!this.recursive) {
				throw new CofferException(ExitCodes.USAGE, CofferApi.quoted(shown)
						+ " is a folder. Delete it with everything in it with: coffer rm -r " + shown);
			}
			folderIds.add(entry.id());
			told.add("Deleted " + shown + "/ with everything in it");
		}
		api.deleteAll(fileIds, folderIds);
		told.forEach(this::tell);
	}

}
