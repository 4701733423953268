package dev.coffer.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import dev.coffer.cli.http.CofferApi;

/** Revokes a public link. */
@Command(name = "unlink", description = "Revoke a public link: it stops working at once.")
public final class UnlinkCommand extends ServerCommand {

	@Parameters(index = "0", paramLabel = "NAME", description = "The file")
	String name;

	@Parameters(index = "1", paramLabel = "LINK_ID", description = "The link's id (see: coffer links NAME)")
	String linkId;

	@Override
	void run() {
		CofferApi api = api();
		api.revokeLink(api.fileId(this.name), this.linkId);
		tell("Revoked link " + this.linkId + " of " + this.name);
	}

}
