package dev.coffer.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.coffer.cli.http.CofferApi;

/** Revokes a public link. */
@Command(name = "unlink", description = "Revoke a public link: it stops working at once.")
public final class UnlinkCommand extends ServerCommand {

	@Parameters(index = "0", paramLabel = "NAME", description = "The file, or with --folder the folder's path")
	String name;

	@Parameters(index = "1", paramLabel = "LINK_ID", description = "The link's id (see: coffer links NAME)")
	String linkId;

	@Option(names = "--folder", description = "NAME is the path of one of your folders (e.g. reports/2026), not a file")
	boolean folder;

	@Override
	void run() {
		CofferApi api = api();
		if (this.folder) {
			api.revokeFolderLink(api.folderId(this.name), this.linkId);
		}
		else {
			api.revokeLink(api.fileId(this.name), this.linkId);
		}
		tell("Revoked link " + this.linkId + " of " + this.name);
	}

}
