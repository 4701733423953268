package dev.coffer.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.coffer.cli.http.CofferApi;

/** A file's public links. */
@Command(name = "links",
		description = "List a file's (or with --folder a folder's) public links (URLs: on the web page).")
public final class LinksCommand extends ServerCommand {

	@Parameters(paramLabel = "NAME", description = "The file, or with --folder the folder's path")
	String name;

	@Option(names = "--folder", description = "NAME is the path of one of your folders (e.g. reports/2026), not a file")
	boolean folder;

	@Override
	void run() {
		CofferApi api = api();
		printRows(this.folder ? api.folderLinks(api.folderId(this.name)) : api.links(api.fileId(this.name)),
				(link) -> String.format("%s  %-15s  %s downloads  expires %s%s", link.get("id").getAsString(),
						link.get("status").getAsString(),
						link.get("downloads").getAsInt()
								+ (link.has("maxDownloads") ? "/" + link.get("maxDownloads").getAsInt() : ""),
						link.has("expiresAt") ? LsCommand.when(link.get("expiresAt").getAsString()) : "never",
						link.get("passwordProtected").getAsBoolean() ? "  password" : ""));
	}

}
