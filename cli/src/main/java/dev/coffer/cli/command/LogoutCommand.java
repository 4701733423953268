package dev.coffer.cli.command;

import java.net.URI;

import picocli.CommandLine.Command;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;
import dev.coffer.cli.http.CofferApi;

/** Revokes the token on the server, then forgets it. */
@Command(name = "logout", description = "Revoke this device's API token on the server and forget it.")
public final class LogoutCommand extends ServerCommand {

	@Override
	void run() {
		URI server = server();
		CofferApi api = api();
		try {
			api.revokeOwnToken();
		}
		catch (CofferException ex) {
			if (ex.exitCode() != ExitCodes.NOT_SIGNED_IN) {
				throw ex; // the server could not be asked: keep the token, to try again
			}
			// Refused already (revoked or expired): forgetting it is all that is left.
		}
		config().forgetToken(server);
		tell("Signed out of " + server + "; its token is revoked.");
	}

}
