package dev.coffer.cli.command;

import java.io.PrintWriter;
import java.util.Arrays;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code coffer help [COMMAND…]}: the help of the client, of a command, or of a command's
 * subcommand ({@code coffer help keys init}); picocli's own help command only looks one
 * level down.
 */
@Command(name = "help", helpCommand = true,
		description = "Show the help of a command (coffer help keys init), or of coffer.")
public final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {

	@Parameters(paramLabel = "COMMAND", arity = "0..*", description = "A command, and its subcommand if it has them")
	String[] commands = {};

	@Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help")
	boolean help;

	private CommandLine self;

	private Help.ColorScheme colorScheme;

	private PrintWriter out;

	@Override
	public void init(CommandLine helpCommandLine, Help.ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
		this.self = helpCommandLine;
		this.colorScheme = colorScheme;
		this.out = out;
	}

	@Override
	public void run() {
		CommandLine command = this.self.getParent();
		for (int i = 0; i < this.commands.length; i++) {
			CommandLine subcommand = command.getSubcommands().get(this.commands[i]);
			if (subcommand == null) {
				// As if COMMAND… had been run: the same one line an unknown command gets.
				throw new CommandLine.UnmatchedArgumentException(command,
						Arrays.asList(this.commands).subList(i, this.commands.length));
			}
			command = subcommand;
		}
		command.usage(this.out, this.colorScheme);
	}

}
