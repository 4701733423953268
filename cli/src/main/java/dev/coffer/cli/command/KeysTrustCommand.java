package dev.coffer.cli.command;

import java.util.Base64;
import java.util.Optional;

import com.google.gson.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;
import dev.coffer.cli.e2e.EndToEndException;
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
		Optional<String> before = config().knownKey(server(), this.user);
		config().rememberKey(server(), this.user, normalized);
		JsonObject json = new JsonObject();
		json.addProperty("username", this.user);
		json.addProperty("fingerprint", normalized);
		print(json, null);
		tell("Pinned " + this.user + "'s public key: " + RecipientKey.display(normalized));
		if (before.isPresent() && !before.get().equals(normalized)) {
			tell("It replaces the key pinned before: " + RecipientKey.display(before.get()));
		}
		compareWithTheServers(normalized);
	}

	/**
	 * Says whether the server has this user and gives the pinned key for them: a typo in
	 * the name or the fingerprint shows now, not at the next share. The pin stands either
	 * way (the server may be the one that is wrong).
	 */
	private void compareWithTheServers(String pinned) {
		String served;
		try {
			served = RecipientKey
				.of(Base64.getDecoder().decode(api().publicKeyOf(this.user).get("publicKey").getAsString()))
				.fingerprint();
		}
		catch (CofferException ex) {
			if (ex.exitCode() == ExitCodes.NOT_FOUND) {
				tell("Note: the server has no public key for " + this.user
						+ " (no such user, or they have not run coffer keys init yet).");
			}
			return;
		}
		catch (EndToEndException | IllegalArgumentException ex) {
			return;
		}
		if (!served.equals(pinned)) {
			tell("Note: the server gives another key for " + this.user + " (" + RecipientKey.display(served)
					+ "): sharing with them will be refused until the two agree. Check the fingerprint with them.");
		}
	}

}
