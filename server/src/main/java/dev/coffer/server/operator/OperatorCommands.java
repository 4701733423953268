package dev.coffer.server.operator;

import java.io.PrintWriter;
import java.util.Set;

import org.springframework.dao.DataAccessException;

import dev.coffer.server.DomainException;
import dev.coffer.server.account.UserCommand;
import dev.coffer.server.audit.AuditCommand;
import dev.coffer.server.keys.KeysCommand;
import dev.coffer.server.token.TokenCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IFactory;

/**
 * Operator commands on the server jar, for scripted set-ups:
 * {@code java -jar coffer-server.jar user add alice --admin}. They use the same
 * configuration as the server (environment variables, {@code application.yml} beside the
 * jar, {@code -D} system properties) and work whether the server is running or not.
 * Spring starts only when a command actually runs, so {@code --help} is instant.
 */
@Command(name = "coffer-server", mixinStandardHelpOptions = true, versionProvider = OperatorCommands.Version.class,
		description = { "Coffer server. Without arguments it starts the server; with one of these commands it",
				"runs the command against the configured database and exits." },
		subcommands = { UserCommand.class, TokenCommand.class, AuditCommand.class, KeysCommand.class,
				CommandLine.HelpCommand.class })
public final class OperatorCommands {

	static final Set<String> COMMANDS = Set.of("user", "token", "audit", "keys", "help", "--help", "-h", "--version",
			"-V");

	/** True if the arguments ask for an operator command rather than for the server. */
	public static boolean isOperatorCommand(String[] args) {
		return args.length > 0 && COMMANDS.contains(args[0]);
	}

	/**
	 * Runs the command and returns its exit code: 0 done, 1 refused or failed, 2 bad
	 * usage.
	 */
	public static int run(String[] args) {
		try (OperatorContext context = new OperatorContext()) {
			return commandLine(context).execute(args);
		}
	}

	static CommandLine commandLine(OperatorContext context) {
		CommandLine cli = new CommandLine(OperatorCommands.class, new ContextFactory(context));
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
