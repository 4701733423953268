package dev.coffer.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import dev.coffer.cli.command.GetCommand;
import dev.coffer.cli.command.HelpCommand;
import dev.coffer.cli.command.Interruption;
import dev.coffer.cli.command.KeysCommand;
import dev.coffer.cli.command.LinkCommand;
import dev.coffer.cli.command.LinksCommand;
import dev.coffer.cli.command.LoginCommand;
import dev.coffer.cli.command.LogoutCommand;
import dev.coffer.cli.command.LsCommand;
import dev.coffer.cli.command.MkdirCommand;
import dev.coffer.cli.command.MvCommand;
import dev.coffer.cli.command.PutCommand;
import dev.coffer.cli.command.ReceivedCommand;
import dev.coffer.cli.command.RequestCommand;
import dev.coffer.cli.command.RestoreCommand;
import dev.coffer.cli.command.RmCommand;
import dev.coffer.cli.command.ShareCommand;
import dev.coffer.cli.command.SharedCommand;
import dev.coffer.cli.command.TrashCommand;
import dev.coffer.cli.command.UnlinkCommand;
import dev.coffer.cli.command.UnshareCommand;
import dev.coffer.cli.command.UploadsCommand;
import dev.coffer.cli.command.UntrashCommand;
import dev.coffer.cli.command.VersionsCommand;
import dev.coffer.cli.command.WhoamiCommand;

/**
 * {@code coffer}: the command-line client for a Coffer server's REST API. Each command is
 * a class of its own in {@code command/}; failures are {@link CofferException}s, shown as
 * one line and mapped to the {@link ExitCodes} their type stands for.
 */
@Command(name = "coffer", mixinStandardHelpOptions = true, versionProvider = CofferCli.Version.class,
		description = { "Command-line client for Coffer, the self-hosted secure file-sharing server." },
		subcommands = { HelpCommand.class, LoginCommand.class, LogoutCommand.class, WhoamiCommand.class,
				LsCommand.class, PutCommand.class, GetCommand.class, RmCommand.class, UploadsCommand.class,
				TrashCommand.class, UntrashCommand.class, MkdirCommand.class, MvCommand.class, VersionsCommand.class,
				RestoreCommand.class, ShareCommand.class, UnshareCommand.class, SharedCommand.class, LinkCommand.class,
				LinksCommand.class, UnlinkCommand.class, RequestCommand.class, ReceivedCommand.class,
				KeysCommand.class },
		footer = { "", "Exit codes:", "   0 ok               4 not found            8 unreachable",
				"   1 failed           5 refused by server    9 server error",
				"   2 usage            6 try later           10 corrupt download",
				"   3 not signed in    7 untrusted server    11 local file",
				" 141 output closed by its reader (| head): quiet",
				"Documentation: docs/CLI.md in the Coffer repository." })
public class CofferCli implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	private final ClientContext context;

	private final Interruption interruption = new Interruption();

	/** For picocli's tools (completion script); runs with this process's environment. */
	public CofferCli() {
		this(ClientContext.system());
	}

	public CofferCli(ClientContext context) {
		this.context = context;
	}

	public ClientContext context() {
		return this.context;
	}

	/** What Ctrl-C would interrupt now. */
	public Interruption interruption() {
		return this.interruption;
	}

	public static void main(String[] args) {
		ClientContext context = ClientContext.system();
		CommandLine commandLine = commandLine(context);
		// The commands' text and get -o -'s bytes: one stream, which remembers a failure.
		commandLine.setOut(new PrintWriter(new OutputStreamWriter(context.stdout(), System.out.charset()), true));
		Interruption interruption = ((CofferCli) commandLine.getCommand()).interruption();
		// Ctrl-C runs the shutdown hooks, then exits with 130; the command is not
		// unwound.
		Runtime.getRuntime().addShutdownHook(new Thread(interruption::interrupted, "interrupted"));
		int exitCode = commandLine.execute(args);
		commandLine.getOut().flush();
		if (context.stdout() instanceof TextOutput text) {
			exitCode = text.exitCode(exitCode, commandLine.getErr());
		}
		System.exit(exitCode);
	}

	/** The client's command line, with its error handling, for this context. */
	public static CommandLine commandLine(ClientContext context) {
		CommandLine commandLine = new CommandLine(new CofferCli(context));
		commandLine.setExecutionExceptionHandler(CofferCli::handle);
		commandLine.setParameterExceptionHandler(CofferCli::usageError);
		return commandLine;
	}

	@Override
	public Integer call() {
		// No subcommand given: show what there is, as a usage error.
		this.spec.commandLine().usage(this.spec.commandLine().getErr());
		return ExitCodes.USAGE;
	}

	/**
	 * One line saying what went wrong, and the exit code for its kind; the stack trace
	 * only with {@code --debug}.
	 */
	private static int handle(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
		CofferCli root = (CofferCli) commandLine.getCommandSpec().root().userObject();
		if (root.context().stdout() instanceof TextOutput text && text.readerWentAway()) {
			// The command failed because its reader went away (get -o - | head -c 10):
			// nothing to say, as for a listing.
			return ExitCodes.BROKEN_PIPE;
		}
		PrintWriter err = commandLine.getErr();
		err.println("coffer: " + message(ex));
		if (parseResult.originalArgs().contains("--debug")) {
			ex.printStackTrace(err);
		}
		err.flush();
		return exitCode(ex);
	}

	/**
	 * A wrong command line: picocli's reason in one line and where to read more, as git
	 * and curl do, not the whole usage text (which buried the reason).
	 */
	private static int usageError(CommandLine.ParameterException ex, String[] args) {
		CommandLine commandLine = ex.getCommandLine();
		PrintWriter err = commandLine.getErr();
		String unknownCommand = unknownCommand(ex);
		if (unknownCommand != null) {
			err.println("coffer: " + unknownCommand);
		}
		else {
			err.println("coffer: " + ex.getMessage());
			err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
		}
		err.flush();
		return ExitCodes.USAGE;
	}

	/**
	 * What to say for a word where a command of a group is expected ({@code coffer
	 * frobnicate}, {@code coffer keys frobnicate}), with picocli's guesses of the command
	 * meant, if any; null for any other mistake.
	 */
	private static String unknownCommand(CommandLine.ParameterException ex) {
		CommandLine group = ex.getCommandLine();
		if (!(ex instanceof CommandLine.UnmatchedArgumentException unmatched) || unmatched.isUnknownOption()
				|| group.getSubcommands().isEmpty() || !group.getCommandSpec().positionalParameters().isEmpty()
				|| unmatched.getUnmatched().isEmpty()) {
			return null;
		}
		String qualifiedName = group.getCommandSpec().qualifiedName();
		String prefix = qualifiedName.equals("coffer") ? "" : qualifiedName.substring("coffer ".length()) + " ";
		List<String> suggestions = unmatched.getSuggestions();
		String guess = suggestions.isEmpty() ? ""
				: " Did you mean " + String.join(" or ",
						suggestions.stream().map((suggestion) -> "'" + qualifiedName + " " + suggestion + "'").toList())
						+ "?";
		return "Unknown command '" + prefix + unmatched.getUnmatched().get(0) + "'." + guess + " See '" + qualifiedName
				+ " --help'.";
	}

	/** The exit code for a failure's kind. */
	public static int exitCode(Throwable ex) {
		if (ex instanceof CofferException cofferException) {
			return cofferException.exitCode();
		}
		if (ex instanceof IOException || ex instanceof UncheckedIOException) {
			return ExitCodes.LOCAL_FILE;
		}
		return ExitCodes.FAILED;
	}

	/** What a failure says, as its one line after {@code coffer: }. */
	public static String message(Throwable ex) {
		if (ex instanceof CofferException) {
			return ex.getMessage();
		}
		if (ex instanceof UncheckedIOException unchecked) {
			return unchecked.getMessage() + ": " + describe(unchecked.getCause());
		}
		return describe(ex);
	}

	/**
	 * An exception that is not ours: its message, with its kind where the message alone
	 * is only a path; never a Java class's name (--debug shows the stack trace).
	 */
	private static String describe(Throwable ex) {
		String kind = switch (ex.getClass().getSimpleName()) {
			case "NoSuchFileException" -> "no such file";
			case "AccessDeniedException" -> "permission denied";
			case "FileAlreadyExistsException" -> "already exists";
			case "DirectoryNotEmptyException" -> "directory not empty";
			default -> null;
		};
		if (ex.getMessage() == null) {
			return (kind != null) ? kind : "an unexpected failure (run it again with --debug for details)";
		}
		return (kind != null) ? ex.getMessage() + " (" + kind + ")" : ex.getMessage();
	}

	static final class Version implements CommandLine.IVersionProvider {

		@Override
		public String[] getVersion() {
			String version = CofferCli.class.getPackage().getImplementationVersion();
			return new String[] { "coffer " + ((version != null) ? version : "(development build)") };
		}

	}

}
