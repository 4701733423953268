package dev.coffer.server.account;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.concurrent.Callable;

import dev.coffer.server.InvalidInputException;
import dev.coffer.server.Sizes;
import dev.coffer.server.operator.OperatorCommand;
import dev.coffer.server.operator.OperatorCommands;
import dev.coffer.server.operator.OperatorContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code user add|list|disable|enable}: account administration from the command line. */
@OperatorCommand
@Command(name = "user", description = "Manage accounts.", mixinStandardHelpOptions = true,
		subcommands = { UserCommand.Add.class, UserCommand.List.class, UserCommand.Disable.class,
				UserCommand.Enable.class, UserCommand.Quota.class })
public class UserCommand {

	@Command(name = "add", mixinStandardHelpOptions = true,
			description = { "Create an account. The password is read from standard input (one line),",
					"or prompted for twice on a terminal; the same rules as sign-up apply." })
	static class Add implements Callable<Integer> {

		private final OperatorContext context;

		@Spec
		CommandSpec spec;

		@Parameters(index = "0", paramLabel = "NAME", description = "3-32 characters of a-z 0-9 . _ -")
		String username;

		@Option(names = "--admin", description = "Make the account an administrator.")
		boolean admin;

		Add(OperatorContext context) {
			this.context = context;
		}

		@Override
		public Integer call() throws IOException {
			OperatorCommands.checkArgument(this.spec, () -> Usernames.requireValid("username", this.username));
			String password = readPassword();
			User user = this.context.bean(AccountService.class).addUser(this.username, password, this.admin);
			this.spec.commandLine()
				.getOut()
				.printf("Created %s%s%n", user.username(), user.isAdmin() ? " (admin)" : "");
			return 0;
		}

		private String readPassword() throws IOException {
			Console console = System.console();
			if (isTerminal(console)) {
				char[] first = console.readPassword("Password for %s: ", this.username);
				char[] second = console.readPassword("Repeat password: ");
				try {
					if (first == null || !Arrays.equals(first, second)) {
						throw new InvalidInputException("password", "The two passwords differ.");
					}
					return new String(first);
				}
				finally {
					Arrays.fill(first != null ? first : new char[0], '\0');
					Arrays.fill(second != null ? second : new char[0], '\0');
				}
			}
			String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
			if (line == null) {
				throw new InvalidInputException("password", "No password on standard input.");
			}
			return line;
		}

		/**
		 * {@code Console.isTerminal()} exists from Java 22; on 21 a console means a
		 * terminal.
		 */
		private static boolean isTerminal(Console console) {
			if (console == null) {
				return false;
			}
			try {
				return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
			}
			catch (ReflectiveOperationException ex) {
				return true;
			}
		}

	}

	@Command(name = "list", mixinStandardHelpOptions = true, description = "List accounts.")
	static class List implements Callable<Integer> {

		private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

		private final OperatorContext context;

		@Spec
		CommandSpec spec;

		List(OperatorContext context) {
			this.context = context;
		}

		@Override
		public Integer call() {
			// Read before anything is printed: a command that fails prints no table.
			java.util.List<User> users = this.context.bean(AccountService.class).list();
			var out = this.spec.commandLine().getOut();
			out.printf("%-32s %-6s %-9s %s%n", "USERNAME", "ROLE", "STATUS", "CREATED");
			for (User user : users) {
				out.printf("%-32s %-6s %-9s %s%n", user.username(), user.role().name().toLowerCase(),
						user.enabled() ? "enabled" : "disabled", DATE.format(user.createdAt()));
			}
			return 0;
		}

	}

	@Command(name = "disable", mixinStandardHelpOptions = true,
			description = "Disable an account and end its sessions. Its data stays.")
	static class Disable implements Callable<Integer> {

		private final OperatorContext context;

		@Spec
		CommandSpec spec;

		@Parameters(index = "0", paramLabel = "NAME")
		String username;

		Disable(OperatorContext context) {
			this.context = context;
		}

		@Override
		public Integer call() {
			this.context.bean(AccountService.class).setEnabled(this.username, false);
			this.spec.commandLine().getOut().printf("Disabled %s%n", Usernames.normalize(this.username));
			return 0;
		}

	}

	@Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a disabled account.")
	static class Enable implements Callable<Integer> {

		private final OperatorContext context;

		@Spec
		CommandSpec spec;

		@Parameters(index = "0", paramLabel = "NAME")
		String username;

		Enable(OperatorContext context) {
			this.context = context;
		}

		@Override
		public Integer call() {
			this.context.bean(AccountService.class).setEnabled(this.username, true);
			this.spec.commandLine().getOut().printf("Enabled %s%n", Usernames.normalize(this.username));
			return 0;
		}

	}

	@Command(name = "quota", mixinStandardHelpOptions = true,
			description = { "Set how much a user may store, all versions counted (e.g. 500MB, 20GB),",
					"or 'default' for the server's default quota." })
	static class Quota implements Callable<Integer> {

		private final OperatorContext context;

		@Spec
		CommandSpec spec;

		@Parameters(index = "0", paramLabel = "NAME")
		String username;

		@Parameters(index = "1", paramLabel = "SIZE")
		String size;

		Quota(OperatorContext context) {
			this.context = context;
		}

		@Override
		public Integer call() {
			// The parser of the admin users page: what either shows, both take.
			Long bytes = "default".equalsIgnoreCase(this.size) ? null
					: OperatorCommands.checkArgument(this.spec,
							() -> Sizes.parse(this.size)
								.orElseThrow(() -> new InvalidInputException("quota",
										"Give the quota as a size like 500MiB, 1.5 GiB or 20GiB, or 'default'.")));
			this.context.bean(AccountService.class).setQuota(this.username, bytes);
			this.spec.commandLine()
				.getOut()
				.printf("Quota of %s: %s%n", Usernames.normalize(this.username),
						(bytes == null) ? "default" : Sizes.formatWithBytes(bytes));
			return 0;
		}

	}

}
