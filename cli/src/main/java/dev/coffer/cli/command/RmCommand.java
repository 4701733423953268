package dev.coffer.cli.command;

import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import dev.coffer.cli.http.CofferApi;

/** Deletes files with all their versions. */
@Command(name = "rm", description = "Delete files, with all their versions (into your trash on the server).")
public final class RmCommand extends ServerCommand {

	@Parameters(paramLabel = "NAME", arity = "1..*",
			description = "The files to delete: names, or paths such as reports/q1.pdf")
	List<String> names;

	@Override
	void run() {
		CofferApi api = api();
		for (String name : this.names) {
			api.delete(api.fileId(name));
			tell("Deleted " + name);
		}
	}

}
