package dev.coffer.cli.command;

import java.net.URI;

import picocli.CommandLine.Command;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;
import dev.coffer.cli.http.CofferApi;

/**
 * Revokes the token on the server, then forgets it; says which of the two happened.
 */
@Command(name = "logout", description = "Revoke this device's API token on the server and forget it.")
public final class LogoutCommand extends ServerCommand {

	@Override
	void run() {
		URI server = server();
		CofferApi api = api();
		boolean revoked;
		try {
			api.revokeOwnToken();
			revoked = true;
		}
		catch (CofferException ex) {
			if (ex.exitCode() != ExitCodes.NOT_SIGNED_IN) {
				// The server could not be asked: keep the token, to try again.
				throw new CofferException(ex.exitCode(), ex.getMessage() + " Still signed in: the token was not "
						+ "revoked and is kept on this computer; run coffer logout again when the server answers.", ex);
			}
			// Refused already (revoked or expired): forgetting it is all that is left.
			revoked = false;
		}
		config().forgetToken(server);
		tell(revoked
				? "Signed out of " + server + ": the token was revoked on the server and removed from this computer."
				: "Signed out of " + server + ": the server no longer accepted the token (revoked or expired), "
						+ "so it was only removed from this computer.");
	}

}
