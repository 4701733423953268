package dev.coffer.server.operator;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.dao.DataAccessException;
import org.springframework.util.ClassUtils;

import dev.coffer.server.CofferApplication;
import dev.coffer.server.DomainException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IFactory;

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
	 * The features' commands, by name: found on the class path once, when first asked for
	 * (a server start without a command never looks).
	 */
	static List<Class<?>> commands() {
		return Found.COMMANDS;
	}

	private static final class Found {

		static final List<Class<?>> COMMANDS = scan();

	}

	private static List<Class<?>> scan() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(OperatorCommand.class));
		return scanner.findCandidateComponents(CofferApplication.class.getPackageName())
			.stream()
			.map((candidate) -> ClassUtils.resolveClassName(candidate.getBeanClassName(),
					OperatorCommands.class.getClassLoader()))
			.sorted(Comparator.comparing(OperatorCommands::name))
			.collect(Collectors.toList());
	}

	private static String name(Class<?> command) {
		return command.getAnnotation(Command.class).name();
	}

	/**
	 * True if the arguments ask for an operator command rather than for the server.
	 * Server settings may come before the command.
	 */
	public static boolean isOperatorCommand(String[] args) {
		return Arrays.stream(args)
			.filter((arg) -> !isServerSetting(arg))
			.findFirst()
			.filter((first) -> GENERAL.contains(first)
					|| commands().stream().map(OperatorCommands::name).anyMatch(first::equals))
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
		try (OperatorContext context = new OperatorContext(settings)) {
			return commandLine(context).execute(command);
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
			else if (ex instanceof DataAccessException dataAccess) {
				err.println("error: cannot use the database ("
						+ dataAccess.getMostSpecificCause().getClass().getSimpleName()
						+ "). Check spring.datasource.* or coffer.data-dir.");
			}
			else {
				err.println("error: " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
			}
			return 1;
		});
		return cli;
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
