package dev.coffer.cli.command;

import com.google.gson.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;
import dev.coffer.cli.e2e.RecipientKey;

/** Pins another user's public key by its fingerprint, learnt from them directly. */
@Command(name = "trust",
		description = "Pin USER's public key to FINGERPRINT (as they read it from coffer keys show), before sharing "
				+ "with them or to accept their new key. Sharing then refuses any other key the server gives "
				+ "for them.")
public final class KeysTrustCommand extends ServerCommand {

	@Parameters(index = "0", paramLabel = "USER", description = "Their username")
	String user;

	@Parameters(index = "1", arity = "1..*", paramLabel = "FINGERPRINT",
			description = "64 hexadecimal digits; spaces and colons allowed")
	String[] fingerprint;

	@Override
	void run() {
		String normalized;
		try {
			normalized = RecipientKey.normalize(String.join("", this.fingerprint));
		}
		catch (IllegalArgumentException ex) {
			throw new CofferException(ExitCodes.USAGE, ex.getMessage());
		}
		config().rememberKey(server(), this.user, normalized);
		JsonObject json = new JsonObject();
		json.addProperty("username", this.user);
		json.addProperty("fingerprint", normalized);
		print(json, null);
		tell("Pinned " + this.user + "'s public key: " + RecipientKey.display(normalized));
	}

}
