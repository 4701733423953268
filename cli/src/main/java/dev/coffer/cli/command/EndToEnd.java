package dev.coffer.cli.command;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Consumer;

import com.google.gson.JsonObject;

import dev.coffer.cli.ClientContext;
import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;
import dev.coffer.cli.config.ClientConfig;
import dev.coffer.cli.e2e.EndToEndException;
import dev.coffer.cli.e2e.PrivateKeyFile;
import dev.coffer.cli.e2e.RecipientKey;
import dev.coffer.cli.e2e.UserKeyPair;

/**
 * What the commands that handle end-to-end encrypted files share: your key file and its
 * passphrase, and other users' public keys checked against the fingerprints seen before
 * (trust on first use) or pinned with {@code coffer keys trust}.
 */
final class EndToEnd {

	private final ClientConfig config;

	private final URI server;

	private final ClientContext context;

	private final PassphraseOptions passphrase;

	private final Consumer<String> tell;

	EndToEnd(ClientConfig config, URI server, ClientContext context, PassphraseOptions passphrase,
			Consumer<String> tell) {
		this.config = config;
		this.server = server;
		this.context = context;
		this.passphrase = passphrase;
		this.tell = tell;
	}

	/**
	 * Your key file for this server, or a failure that says how to make one: exit 4 (your
	 * key is not found), as for a file whose key is not wrapped for you or a user with no
	 * public key; not 11, which would send the user looking for a broken file.
	 */
	String keyFile() {
		return this.config.privateKey(this.server)
			.orElseThrow(() -> new CofferException(ExitCodes.NOT_FOUND,
					"You have no key pair for end-to-end encryption on this computer (for " + this.server
							+ "). Run coffer keys init first (or, if you made one on another computer, bring its "
							+ "recovery copy here with: coffer keys import FILE)."));
	}

	/** Your public key, from your key file (no passphrase needed). */
	RecipientKey ownPublicKey() {
		try {
			return PrivateKeyFile.publicKey(keyFile());
		}
		catch (EndToEndException ex) {
			throw new CofferException(ExitCodes.LOCAL_FILE,
					this.config.privateKeyFile(this.server) + " is damaged: " + ex.getMessage() + ".");
		}
	}

	/** Your key pair, opened with your passphrase. */
	UserKeyPair unlock() {
		String keyFile = keyFile();
		char[] secret = passphrase("Passphrase of your private key: ");
		try {
			return PrivateKeyFile.open(keyFile, secret);
		}
		catch (EndToEndException ex) {
			throw new CofferException(ExitCodes.FAILED, "Cannot open your private key: " + ex.getMessage() + ".");
		}
		finally {
			Arrays.fill(secret, '\0');
		}
	}

	/**
	 * The passphrase: the first line of --passphrase-file, or asked at the terminal. The
	 * caller overwrites it after use.
	 */
	char[] passphrase(String question) {
		if (this.passphrase != null && this.passphrase.file != null) {
			try (BufferedReader reader = Files.newBufferedReader(this.passphrase.file, StandardCharsets.UTF_8)) {
				String line = reader.readLine();
				if (line == null || line.isEmpty()) {
					throw new CofferException(ExitCodes.USAGE, this.passphrase.file + " holds no passphrase.");
				}
				return line.toCharArray();
			}
			catch (NoSuchFileException ex) {
				throw new CofferException(ExitCodes.LOCAL_FILE, "There is no file " + this.passphrase.file + ".");
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read " + this.passphrase.file, ex);
			}
		}
		ClientContext.Terminal terminal = this.context.terminal()
			.orElseThrow(() -> new CofferException(ExitCodes.USAGE,
					"A passphrase is needed: run this at a terminal, or give --passphrase-file FILE."));
		char[] answer = terminal.askSecret(question);
		if (answer.length == 0) {
			throw new CofferException(ExitCodes.USAGE, "No passphrase given.");
		}
		return answer;
	}

	/**
	 * {@code username}'s public key as the server gives it ({@code key}: its answer), if
	 * its fingerprint is the one this computer saw or pinned for them before. The first
	 * time, the fingerprint is shown and remembered. A different one is refused.
	 */
	RecipientKey trusted(String username, JsonObject key) {
		RecipientKey recipient;
		try {
			recipient = RecipientKey.of(Base64.getDecoder().decode(key.get("publicKey").getAsString()));
		}
		catch (EndToEndException | IllegalArgumentException ex) {
			throw new CofferException(ExitCodes.SERVER_ERROR,
					"The server gave an invalid public key for " + username + ".");
		}
		String fingerprint = recipient.fingerprint();
		Optional<String> known = this.config.knownKey(this.server, username);
		if (known.isEmpty()) {
			this.config.rememberKey(this.server, username, fingerprint);
			this.tell.accept("First use of " + username + "'s public key. Its fingerprint is");
			this.tell.accept("    " + RecipientKey.display(fingerprint));
			this.tell.accept("Compare it with what " + username
					+ " sees with \"coffer keys show\" (in person, or over a channel you trust). It is remembered;"
					+ " a different key for " + username + " will be refused.");
		}
		else if (!known.get().equals(fingerprint)) {
			throw new CofferException(ExitCodes.UNTRUSTED_SERVER,
					"WARNING: the server gives a DIFFERENT public key for " + username + " than before (fingerprint "
							+ RecipientKey.display(fingerprint) + ", expected " + RecipientKey.display(known.get())
							+ "). Someone may be trying to read what you share. Nothing was wrapped for them. If "
							+ username
							+ " really made a new key, check its fingerprint with them and pin it: coffer keys trust "
							+ username + " FINGERPRINT");
		}
		return recipient;
	}

}
