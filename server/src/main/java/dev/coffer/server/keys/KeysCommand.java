package dev.coffer.server.keys;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;

import dev.coffer.server.InvalidInputException;
import dev.coffer.server.operator.OperatorCommand;
import dev.coffer.server.operator.OperatorContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code keys status|rotate|retire}: master key rotation from the command line. They run
 * beside a running server: the server reloads the key file and re-wraps the data keys
 * itself (see {@link MasterKeyRotation} and {@link DataKeyRewrap}).
 */
@OperatorCommand
@Command(name = "keys", description = "Rotate and retire master keys.", mixinStandardHelpOptions = true,
		subcommands = { KeysCommand.Status.class, KeysCommand.Rotate.class, KeysCommand.Retire.class })
public class KeysCommand {

	static final String ACTOR = "operator";

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	@Command(name = "status", mixinStandardHelpOptions = true,
			description = "List the master keys, how many data keys each wraps, and the re-wrap progress.")
	static class Status implements Callable<Integer> {

		private final OperatorContext context;

		@Spec
		CommandSpec spec;

		Status(OperatorContext context) {
			this.context = context;
		}

		@Override
		public Integer call() {
			KeyRingStatus status = this.context.bean(MasterKeyRotation.class).status();
			PrintWriter out = this.spec.commandLine().getOut();
			String row = "%-12s %-9s %-8s %s%n";
			out.printf(row, "KEY", "STATE", "PRIMARY", "DATA KEYS");
			for (KeyRingStatus.KeyUsage key : status.keys()) {
				out.printf(row, key.keyIdText(), key.state(), key.primary() ? "yes" : "", key.dataKeys());
			}
			Rotation last = status.lastRotation();
			out.printf("Last rotation: %s%n", (last != null)
					? format(last.rotatedAt()) + " to key " + Integer.toUnsignedString(last.newKeyId()) : "never");
			out.printf("Re-wrap: %d of %d data keys on the primary key%s%n", status.dataKeysOnPrimary(),
					status.dataKeys(), (status.dataKeysNotOnPrimary() == 0) ? " (complete)"
							: ", " + status.dataKeysNotOnPrimary() + " to go");
			if (status.fromEnvironment()) {
				out.println("Source: COFFER_MASTER_KEYSET (rotate by changing the variable)");
			}
			return 0;
		}

	}

	@Command(name = "rotate", mixinStandardHelpOptions = true,
			description = { "Add a new primary master key. The running server re-wraps every data key with it",
					"in the background (follow it with keys status); file data is never re-encrypted." })
	static class Rotate implements Callable<Integer> {

		private final OperatorContext context;

		@Spec
		CommandSpec spec;

		@Option(names = "--print",
				description = { "Change nothing; print the current key set with a new primary key (secret!),",
						"for a ring kept in COFFER_MASTER_KEYSET." })
		boolean print;

		Rotate(OperatorContext context) {
			this.context = context;
		}

		@Override
		public Integer call() throws InterruptedException {
			MasterKeyRotation rotation = this.context.bean(MasterKeyRotation.class);
			PrintWriter out = this.spec.commandLine().getOut();
			if (this.print) {
				out.println(rotation.rotatedKeysetJson());
				out.flush();
				return 0;
			}
			PrintWriter err = this.spec.commandLine().getErr();
			rotation.rotate(ACTOR, (message) -> {
				err.println(message);
				err.flush();
			});
			backUpNow(this.context, err, "the new key");
			return 0;
		}

	}

	@Command(name = "retire", mixinStandardHelpOptions = true,
			description = { "Disable a master key that no data key uses any more (see keys status).",
					"Refused while it is the primary or still wraps data keys." })
	static class Retire implements Callable<Integer> {

		private final OperatorContext context;

		@Spec
		CommandSpec spec;

		@Parameters(index = "0", paramLabel = "KEY", description = "The key's id, as keys status shows it.")
		String keyId;

		Retire(OperatorContext context) {
			this.context = context;
		}

		@Override
		public Integer call() {
			int id = parseKeyId(this.keyId);
			this.context.bean(MasterKeyRotation.class).retire(id, ACTOR);
			this.spec.commandLine()
				.getOut()
				.printf("Retired master key %s: it is disabled and unwraps nothing.%n", Integer.toUnsignedString(id));
			backUpNow(this.context, this.spec.commandLine().getErr(), "the retirement");
			return 0;
		}

	}

	static int parseKeyId(String text) {
		try {
			return Integer.parseUnsignedInt(text.strip());
		}
		catch (NumberFormatException ex) {
			throw new InvalidInputException("key",
					"A master key id is a number from 0 to 4294967295, as keys " + "status shows it.");
		}
	}

	private static String format(Instant instant) {
		return TIME.format(instant);
	}

	/**
	 * OPERATIONS.md asks for a key ring backup after every rotation and retirement: the
	 * command that changed the ring says so, naming the file.
	 */
	private static void backUpNow(OperatorContext context, PrintWriter err, String what) {
		context.bean(MasterKeys.class)
			.file()
			.ifPresent((file) -> err.printf("Back up %s now, apart from the data: only it holds %s "
					+ "(docs/OPERATIONS.md, \"Backing up\").%n", file, what));
		err.flush();
	}

}
