package dev.coffer.cli.command;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** Where the passphrase of your private key comes from, if not from the terminal. */
public final class PassphraseOptions {

	@Option(names = "--passphrase-file", paramLabel = "FILE",
			description = "Read the passphrase of your private key from the first line of FILE "
					+ "(default: ask at the terminal)")
	Path file;

}
