package dev.coffer.cli.command;

import java.io.IOException;
import java.io.UncheckedIOException;

import dev.coffer.cli.ClientContext;
import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;

/**
 * A password for a link, read from the first line of standard input (never an argument).
 */
final class Passwords {

	private Passwords() {
	}

	static String fromStdin(ClientContext context) {
		try {
			String line = context.stdinReader().readLine();
			if (line == null || line.isEmpty()) {
				throw new CofferException(ExitCodes.USAGE, "--password-stdin found no password on standard input.");
			}
			return line;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read standard input", ex);
		}
	}

}
