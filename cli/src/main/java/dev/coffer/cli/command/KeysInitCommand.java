package dev.coffer.cli.command;

import java.util.Arrays;
import java.util.Base64;

import com.google.gson.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;
import dev.coffer.cli.e2e.PrivateKeyFile;
import dev.coffer.cli.e2e.RecipientKey;
import dev.coffer.cli.e2e.UserKeyPair;
import dev.coffer.cli.http.CofferApi;

/**
 * Makes your key pair: the private key into a key file encrypted under your passphrase,
 * the public key registered on the server.
 */
@Command(name = "init",
		description = { "Make your key pair for end-to-end encrypted files and register its public key on the server.",
				"The private key is kept in a file encrypted under a passphrase you choose (Argon2id, AES-256-GCM).",
				"Keep a recovery copy (coffer keys export): without the private key, your end-to-end encrypted "
						+ "files cannot be opened by anyone, the server's administrator included." })
public final class KeysInitCommand extends ServerCommand {

	static final int MIN_PASSPHRASE = 10;

	@Mixin
	PassphraseOptions passphrase;

	@Override
	void run() {
		CofferApi api = api();
		if (config().privateKey(server()).isPresent()) {
			throw new CofferException(ExitCodes.REFUSED, "You have a private key on this computer already ("
					+ config().privateKeyFile(server()) + "). See it with: coffer keys show");
		}
		JsonObject registered = api.ownPublicKey().orElse(null);
		if (registered != null) {
			throw new CofferException(ExitCodes.REFUSED,
					"Your account has a public key already (fingerprint "
							+ RecipientKey.display(registered.get("fingerprint").getAsString())
							+ "), made on another computer. Bring its private key here with: coffer keys import FILE");
		}
		EndToEnd endToEnd = endToEnd(this.passphrase);
		char[] secret = endToEnd.passphrase("Choose a passphrase for your private key: ");
		try {
			if (secret.length < MIN_PASSPHRASE) {
				throw new CofferException(ExitCodes.USAGE,
						"The passphrase must be at least " + MIN_PASSPHRASE + " characters long.");
			}
			if (this.passphrase.file == null) {
				char[] again = endToEnd.passphrase("The same passphrase again: ");
				boolean same = Arrays.equals(secret, again);
				Arrays.fill(again, '\0');
				if (!same) {
					throw new CofferException(ExitCodes.USAGE, "The two passphrases differ; nothing was made.");
				}
			}
			UserKeyPair pair = UserKeyPair.generate();
			config().savePrivateKey(server(), PrivateKeyFile.seal(pair, secret));
			RecipientKey publicKey = pair.publicKey();
			JsonObject key = api.registerPublicKey(RecipientKey.ALGORITHM,
					Base64.getEncoder().encodeToString(publicKey.raw()), publicKey.fingerprint());
			print(key, null);
			tell("Made your key pair. Its fingerprint is");
			tell("    " + RecipientKey.display(publicKey.fingerprint()));
			tell("The private key is in " + config().privateKeyFile(server()) + ", encrypted under your passphrase.");
			tell("Keep a recovery copy somewhere safe: coffer keys export > coffer-key.json");
			tell("If every copy of it (or the passphrase) is lost, your end-to-end encrypted files are lost: "
					+ "nobody can open them, the server included.");
		}
		finally {
			Arrays.fill(secret, '\0');
		}
	}

}
