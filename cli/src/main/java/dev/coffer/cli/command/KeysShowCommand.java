package dev.coffer.cli.command;

import com.google.gson.JsonObject;

import picocli.CommandLine.Command;

import dev.coffer.cli.e2e.RecipientKey;

/** Shows your public key's fingerprint, to read out to those who share with you. */
@Command(name = "show",
		description = "Show your public key's fingerprint, for others to compare when they share with you.")
public final class KeysShowCommand extends ServerCommand {

	@Override
	void run() {
		RecipientKey key = endToEnd(null).ownPublicKey();
		JsonObject json = new JsonObject();
		json.addProperty("fingerprint", key.fingerprint());
		json.addProperty("path", config().privateKeyFile(server()).toString());
		print(json, RecipientKey.display(key.fingerprint()));
	}

}
