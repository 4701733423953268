package dev.coffer.server.operator;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.util.ClassUtils;

import dev.coffer.server.DomainException;
import dev.coffer.server.InvalidInputException;
import dev.coffer.server.StartRefusedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Operator commands on the server jar, for scripted set-ups:
 * {@code java -jar coffer-server.jar user add alice --admin}. They use the same
 * configuration as the server (environment variables, {@code application.yml} beside the
 * jar, {@code -D} system properties) and work whether the server is running or not.
 * Spring starts only when a command actually runs, so {@code --help} is instant. The
 * commands themselves live in their features, marked {@link OperatorCommand}.
 */
@Command(name = "coffer-server", mixinStandardHelpOptions = true, versionProvider = OperatorCommands.Version.class,
		description = { "Coffer server. Without arguments it starts the server; with one of these commands it",
				"runs the command against the configured database and exits." },
		subcommands = { CommandLine.HelpCommand.class })
public final class OperatorCommands {

	private static final Set<String> GENERAL = Set.of("help", "--help", "-h", "--version", "-V");

	/**
	 * The features' commands, by name: read once, when first asked for (a server start
	 * without a command never looks), from the index {@value #INDEX}, which a test keeps
	 * equal to the classes marked {@link OperatorCommand} (reading it costs nothing;
	 * scanning the class path for them took a second of a command's time).
	 */
	static List<Class<?>> commands() {
		return Found.COMMANDS;
	}

	/** The class names of the commands, one per line; {@code #} starts a comment. */
	static final String INDEX = "META-INF/coffer/operator-commands";

	private static final class Found {

		static final List<Class<?>> COMMANDS = readIndex();

	}

	private static List<Class<?>> readIndex() {
		ClassLoader loader = OperatorCommands.class.getClassLoader();
		try (InputStream index = loader.getResourceAsStream(INDEX)) {
			if (index == null) {
				throw new IllegalStateException(INDEX + " is missing from the class path");
			}
			return new String(index.readAllBytes(), StandardCharsets.UTF_8).lines()
				.map(String::strip)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.<Class<?>>map((className) -> ClassUtils.resolveClassName(className, loader))
				.sorted(Comparator.comparing(OperatorCommands::name))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String name(Class<?> command) {
		return command.getAnnotation(Command.class).name();
	}

	/**
	 * True if the arguments ask for an operator command rather than for the server: their
	 * first word that is not a server setting is a command, {@code --help} or
	 * {@code --version}, or any other word that does not start with {@code -}. A word
	 * that is no command (a typo such as {@code users list}) is thus an operator command
	 * that {@link #run} refuses, never a server start on the default ports. Only settings
	 * and options ({@code --debug}) start the server.
	 */
	public static boolean isOperatorCommand(String[] args) {
		return Arrays.stream(args)
			.filter((arg) -> !isServerSetting(arg))
			.findFirst()
			.filter((first) -> GENERAL.contains(first) || !first.startsWith("-"))
			.isPresent();
	}

	/**
	 * Runs the command and returns its exit code: 0 done, 1 refused or failed, 2 bad
	 * usage. Server settings ({@code --coffer.data-dir=/x}) may stand anywhere: before
	 * the command, after it or among its options.
	 */
	public static int run(String[] args) {
		String[] settings = Arrays.stream(args).filter(OperatorCommands::isServerSetting).toArray(String[]::new);
		String[] command = Arrays.stream(args).filter((arg) -> !isServerSetting(arg)).toArray(String[]::new);
		List<String> known = commands().stream().map(OperatorCommands::name).toList();
		if (command.length > 0 && !GENERAL.contains(command[0]) && !known.contains(command[0])) {
			// Before anything opens the data directory: a typo starts nothing.
			System.err.printf("error: '%s' is not a command; the commands are %s and help (without a command, "
					+ "only --name=value settings, the server starts)%n", command[0], String.join(", ", known));
			return CommandLine.ExitCode.USAGE;
		}
		// Standard output is the command's alone (a table, a token), so that a script
		// that reads it never takes a log line, or a header printed before a failure,
		// for a result: Spring's log goes to standard error while the command runs.
		PrintStream stdout = System.out;
		System.setOut(System.err);
		try (OperatorContext context = new OperatorContext(settings)) {
			CommandLine cli = commandLine(context);
			cli.setOut(new PrintWriter(stdout, true));
			return cli.execute(command);
		}
		finally {
			System.setOut(stdout);
		}
	}

	/**
	 * A server setting as the server takes it, {@code --name=value} with a dotted name
	 * ({@code coffer.*}, {@code spring.*}, {@code server.*}, {@code logging.*}). Command
	 * options never have a dot in their name ({@code --name=ci} is a command's).
	 */
	static boolean isServerSetting(String arg) {
		int equals = arg.indexOf('=');
		return arg.startsWith("--") && equals > 2 && arg.substring(2, equals).contains(".");
	}

	/**
	 * Runs an argument check that needs no database, before the command opens it: a
	 * broken rule ({@link InvalidInputException}) is a usage error, exit code 2, with the
	 * rule's message and the command's usage.
	 */
	public static <T> T checkArgument(CommandSpec spec, Supplier<T> check) {
		try {
			return check.get();
		}
		catch (InvalidInputException ex) {
			throw new CommandLine.ParameterException(spec.commandLine(), "error: " + ex.getMessage(), ex);
		}
	}

	static CommandLine commandLine(OperatorContext context) {
		ContextFactory factory = new ContextFactory(context);
		CommandLine cli = new CommandLine(OperatorCommands.class, factory);
		for (Class<?> command : commands()) {
			cli.addSubcommand(name(command), new CommandLine(command, factory));
		}
		cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
			PrintWriter err = commandLine.getErr();
			if (ex instanceof DomainException) {
				err.println("error: " + ex.getMessage());
			}
			else if (startRefused(ex) != null) {
				// What is wrong and what to do, as the server says it.
				err.println("error: " + startRefused(ex).getMessage());
			}
			else if (ex instanceof DataAccessException dataAccess) {
				err.println("error: cannot use the database ("
						+ dataAccess.getMostSpecificCause().getClass().getSimpleName()
						+ "). Check spring.datasource.* or coffer.data-dir.");
			}
			else {
				// The innermost cause says what to do ("restrict it with: chmod 600
				// …"); the outer ones are Spring's ("Error creating bean …").
				Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
				err.println("error: "
						+ ((cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName()));
			}
			return 1;
		});
		return cli;
	}

	private static StartRefusedException startRefused(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof StartRefusedException refused) {
				return refused;
			}
		}
		return null;
	}

	/** Gives commands that want it the (lazily started) Spring context. */
	private record ContextFactory(OperatorContext context) implements IFactory {

		@Override
		public <K> K create(Class<K> type) throws Exception {
			try {
				var constructor = type.getDeclaredConstructor(OperatorContext.class);
				constructor.setAccessible(true);
				return constructor.newInstance(this.context);
			}
			catch (NoSuchMethodException ex) {
				return CommandLine.defaultFactory().create(type);
			}
		}

	}

	static final class Version implements CommandLine.IVersionProvider {

		@Override
		public String[] getVersion() {
			String version = OperatorCommands.class.getPackage().getImplementationVersion();
			return new String[] { "Coffer " + ((version != null) ? version : "(development build)") };
		}

	}

}
