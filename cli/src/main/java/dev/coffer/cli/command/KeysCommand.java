package dev.coffer.cli.command;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import dev.coffer.cli.CofferCli;
import dev.coffer.cli.ExitCodes;

/**
 * {@code coffer keys …}: your key pair and others' public keys, for end-to-end
 * encryption.
 */
@Command(name = "keys",
		description = { "Your key pair for end-to-end encrypted files, and the public keys of those you share with.",
				"The private key stays on this computer, encrypted under your passphrase; the server never sees it." },
		subcommands = { HelpCommand.class, KeysInitCommand.class, KeysShowCommand.class, KeysExportCommand.class,
				KeysImportCommand.class, KeysTrustCommand.class })
public final class KeysCommand implements Callable<Integer> {

	@ParentCommand
	CofferCli root;

	@Spec
	CommandSpec spec;

	@Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help")
	boolean help;

	@Override
	public Integer call() {
		this.spec.commandLine().usage(this.spec.commandLine().getErr());
		return ExitCodes.USAGE;
	}

}
