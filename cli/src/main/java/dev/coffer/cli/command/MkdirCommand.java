package dev.coffer.cli.command;

import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;
import dev.coffer.cli.http.CofferApi;

/**
 * Makes folders, with the folders above them that are missing, as {@code mkdir -p} does;
 * a folder that is there already is fine.
 */
@Command(name = "mkdir",
		description = { "Make folders, with the folders above them that are missing (as mkdir -p does).",
				"A folder that is there already is left as it is." })
public final class MkdirCommand extends ServerCommand {

	@Parameters(paramLabel = "FOLDER", arity = "1..*", description = "The folders to make, e.g. reports/2026")
	List<String> folders;

	@Override
	void run() {
		CofferApi api = api();
		for (String folder : this.folders) {
			String shown = String.join("/", CofferApi.segments(folder));
			if (shown.isEmpty()) {
				throw new CofferException(ExitCodes.USAGE, "Name the folder to make, e.g. coffer mkdir reports/2026");
			}
			boolean there = api.findFolderId(folder).isPresent();
			api.makeFolders(folder);
			tell(there ? shown + "/ is there already" : "Made " + shown + "/");
		}
	}

}
