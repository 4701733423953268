package dev.coffer.cli.command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;

import com.google.gson.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;
import dev.coffer.cli.e2e.EndToEndException;
import dev.coffer.cli.e2e.PrivateKeyFile;
import dev.coffer.cli.e2e.RecipientKey;
import dev.coffer.cli.e2e.UserKeyPair;
import dev.coffer.cli.http.CofferApi;

/**
 * Brings a recovery copy back: checks its passphrase and that the server has its public
 * key.
 */
@Command(name = "import",
		description = "Use a recovery copy of your private key (from coffer keys export) on this computer.")
public final class KeysImportCommand extends ServerCommand {

	@Parameters(paramLabel = "FILE", description = "The recovery copy")
	Path file;

	@Mixin
	PassphraseOptions passphrase;

	@Override
	void run() {
		String keyFile;
		try {
			keyFile = Files.readString(this.file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + this.file, ex);
		}
		char[] secret = endToEnd(this.passphrase).passphrase("Passphrase of the private key: ");
		UserKeyPair pair;
		try {
			pair = PrivateKeyFile.open(keyFile, secret);
		}
		catch (EndToEndException ex) {
			throw new CofferException(ExitCodes.FAILED, "Cannot open " + this.file + ": " + ex.getMessage() + ".");
		}
		finally {
			Arrays.fill(secret, '\0');
		}
		CofferApi api = api();
		RecipientKey publicKey = pair.publicKey();
		JsonObject registered = api.ownPublicKey()
			.orElseGet(() -> api.registerPublicKey(RecipientKey.ALGORITHM,
					Base64.getEncoder().encodeToString(publicKey.raw()), publicKey.fingerprint()));
		if (!publicKey.fingerprint().equals(registered.get("fingerprint").getAsString())) {
			throw new CofferException(ExitCodes.REFUSED, "This is not the key your account has (fingerprint "
					+ RecipientKey.display(registered.get("fingerprint").getAsString()) + "); nothing was changed.");
		}
		config().savePrivateKey(server(), keyFile);
		print(registered, null);
		tell("Your private key is ready on this computer (fingerprint " + RecipientKey.display(publicKey.fingerprint())
				+ ").");
	}

}
