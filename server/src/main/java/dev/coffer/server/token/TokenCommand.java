package dev.coffer.server.token;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.coffer.server.NotFoundException;
import dev.coffer.server.account.AccountService;
import dev.coffer.server.account.User;
import dev.coffer.server.operator.OperatorCommand;
import dev.coffer.server.operator.OperatorCommands;
import dev.coffer.server.operator.OperatorContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code token create|list|revoke}: API tokens from the command line, e.g. to provision a
 * backup job. {@code create} prints the token alone on standard output, so
 * {@code TOKEN=$(coffer-server token create alice)} captures it; what it says besides
 * goes to standard error.
 */
@OperatorCommand
@Command(name = "token", description = "Manage API tokens.", mixinStandardHelpOptions = true,
		subcommands = { TokenCommand.Create.class, TokenCommand.List.class, TokenCommand.Revoke.class })
public class TokenCommand {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
		.withZone(ZoneOffset.UTC);

	@Command(name = "create", mixinStandardHelpOptions = true,
			description = { "Create an API token for a user and print it. It is shown only this once;",
					"the server keeps only its hash." })
	static class Create implements Callable<Integer> {

		private final OperatorContext context;

		@Spec
		CommandSpec spec;

		@Parameters(index = "0", paramLabel = "USER")
		String username;

		@Option(names = "--name", paramLabel = "LABEL", defaultValue = "Created on the command line",
				description = "What the token is for, 1-64 characters (default: ${DEFAULT-VALUE}).")
		String name;

		@Option(names = "--expires-in", paramLabel = "DAYS",
				description = "Days until the token expires, 1-3650 (default: never).")
		Integer expiresInDays;

		Create(OperatorContext context) {
			this.context = context;
		}

		@Override
		public Integer call() {
			OperatorCommands.checkArgument(this.spec, () -> ApiTokenService.requireValidName(this.name));
			OperatorCommands.checkArgument(this.spec, () -> ApiTokenService.requireValidExpiry(this.expiresInDays));
			IssuedApiToken issued = this.context.bean(ApiTokenService.class)
				.create(userNamed(this.context, this.username).id(), this.name, this.expiresInDays);
			ApiToken token = issued.apiToken();
			this.spec.commandLine()
				.getErr()
				.printf("Created API token %s \"%s\" for %s, expires %s%n", token.id(), token.name(), this.username,
						format(token.expiresAt(), "never"));
			PrintWriter out = this.spec.commandLine().getOut();
			out.println(issued.token());
			out.flush();
			return 0;
		}

	}

	@Command(name = "list", mixinStandardHelpOptions = true, description = "List a user's API tokens.")
	static class List implements Callable<Integer> {

		private final OperatorContext context;

		@Spec
		CommandSpec spec;

		@Parameters(index = "0", paramLabel = "USER")
		String username;

		List(OperatorContext context) {
			this.context = context;
		}

		@Override
		public Integer call() {
			// Read before anything is printed: a command that fails prints no table.
			java.util.List<ApiToken> tokens = this.context.bean(ApiTokenService.class)
				.list(userNamed(this.context, this.username));
			Instant now = this.context.bean(Clock.class).instant();
			PrintWriter out = this.spec.commandLine().getOut();
			String row = "%-36s %-8s %-16s %-16s %-16s %s%n";
			out.printf(row, "ID", "STATUS", "CREATED", "EXPIRES", "LAST USED", "NAME");
			for (ApiToken token : tokens) {
				out.printf(row, token.id(), token.status(now).name().toLowerCase(Locale.ROOT),
						format(token.createdAt(), "-"), format(token.expiresAt(), "never"),
						format(token.lastUsedAt(), "never"), token.name());
			}
			return 0;
		}

	}

	@Command(name = "revoke", mixinStandardHelpOptions = true,
			description = "Revoke an API token; programs using it are refused from their next request.")
	static class Revoke implements Callable<Integer> {

		private final OperatorContext context;

		@Spec
		CommandSpec spec;

		@Parameters(index = "0", paramLabel = "USER")
		String username;

		@Parameters(index = "1", paramLabel = "ID", description = "The token's id, as shown by token list.")
		String tokenId;

		Revoke(OperatorContext context) {
			this.context = context;
		}

		@Override
		public Integer call() {
			User user = userNamed(this.context, this.username);
			ApiToken token;
			try {
				token = this.context.bean(ApiTokenService.class).revoke(user.id(), this.tokenId);
			}
			catch (NotFoundException ex) {
				// The service speaks to the token's owner ("You have no such API
				// token.").
				throw new NotFoundException(user.username() + " has no API token with id " + this.tokenId
						+ " (token list " + user.username() + " shows them).");
			}
			this.spec.commandLine().getOut().printf("Revoked API token %s \"%s\"%n", token.id(), token.name());
			return 0;
		}

	}

	/** The operator names the user; the service takes the user's id. */
	private static User userNamed(OperatorContext context, String username) {
		return context.bean(AccountService.class).get(username);
	}

	private static String format(Instant instant, String absent) {
		return (instant != null) ? TIME.format(instant) : absent;
	}

}
