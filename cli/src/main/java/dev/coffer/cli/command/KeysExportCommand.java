package dev.coffer.cli.command;

import picocli.CommandLine.Command;

/** Prints the key file: a recovery copy, still encrypted under the passphrase. */
@Command(name = "export",
		description = { "Print a recovery copy of your private key (encrypted under your passphrase) to keep safe.",
				"Losing every copy of it, or the passphrase, loses your end-to-end encrypted files." })
public final class KeysExportCommand extends ServerCommand {

	@Override
	void run() {
		String keyFile = endToEnd(null).keyFile();
		out().print(keyFile);
		out().flush();
		tell("This is your private key, encrypted under your passphrase. Keep it (and the passphrase) somewhere "
				+ "safe, away from this computer: if every copy is lost, your end-to-end encrypted files are lost "
				+ "for good; nobody, the server's administrator included, can open them. Bring it back with: "
				+ "coffer keys import FILE");
	}

}
