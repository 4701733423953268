package dev.coffer.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code coffer}: the command-line client for a Coffer server's REST API. This first
 * version only knows {@code --help} and {@code --version}; commands for files, sharing
 * and end-to-end encryption arrive with the API they use.
 */
@Command(name = "coffer", mixinStandardHelpOptions = true, versionProvider = CofferCli.Version.class,
		description = { "Command-line client for Coffer, the self-hosted secure file-sharing server." },
		footer = { "", "Documentation: docs/API.md in the Coffer repository." })
public class CofferCli implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	public static void main(String[] args) {
		System.exit(new CommandLine(new CofferCli()).execute(args));
	}

	@Override
	public Integer call() {
		// No subcommand given: show what there is, as a usage error.
		this.spec.commandLine().usage(this.spec.commandLine().getErr());
		return CommandLine.ExitCode.USAGE;
	}

	static final class Version implements CommandLine.IVersionProvider {

		@Override
		public String[] getVersion() {
			String version = CofferCli.class.getPackage().getImplementationVersion();
			return new String[] { "coffer " + ((version != null) ? version : "(development build)") };
		}

	}

}
