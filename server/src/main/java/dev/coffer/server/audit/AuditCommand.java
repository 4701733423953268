package dev.coffer.server.audit;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.coffer.server.audit.AuditCheckpoints.Checkpoint;
import dev.coffer.server.operator.OperatorCommand;
import dev.coffer.server.operator.OperatorContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code audit verify}: checks the whole chain of the audit log and the checkpoints it
 * can find. Exit 0 if it is intact, 1 naming the first broken entry, 2 if a checkpoint
 * file given or configured cannot be read.
 */
@OperatorCommand
@Command(name = "audit", description = "Check the audit log.", mixinStandardHelpOptions = true,
		subcommands = { AuditCommand.Verify.class })
public class AuditCommand {

	@Command(name = "verify", mixinStandardHelpOptions = true,
			description = { "Check every link of the audit log's chain (SHA-256 links from before the upgrade,",
					"HMAC links after it), its sequence, and the checkpoints of its head written outside",
					"the database; names the first broken entry. Exit 0 intact, 1 broken." })
	static class Verify implements Callable<Integer> {

		/** How many of the latest checkpoint objects are checked. */
		static final int LATEST_OBJECTS = 1000;

		private final OperatorContext context;

		@Spec
		CommandSpec spec;

		@Option(names = "--checkpoints", paramLabel = "FILE",
				description = { "A file with checkpoint lines: the checkpoint file, or a server log (repeatable).",
						"Default: coffer.audit.checkpoint-file, and the latest objects in",
						"coffer.audit.checkpoint-s3.bucket, if set." })
		List<Path> files = new ArrayList<>();

		Verify(OperatorContext context) {
			this.context = context;
		}

		@Override
		public Integer call() {
			PrintWriter out = this.spec.commandLine().getOut();
			PrintWriter err = this.spec.commandLine().getErr();
			List<Path> sources = new ArrayList<>(this.files);
			Path configured = this.context.bean(AuditProperties.class).checkpointFile();
			if (sources.isEmpty() && configured != null) {
				if (!Files.exists(configured)) {
					// Someone who rewrote the log would delete it too: no "none found".
					err.printf("The checkpoint file %s (coffer.audit.checkpoint-file) does not exist: it was moved or "
							+ "deleted, or the server has not written one yet (it does within a minute of a change, "
							+ "and when it stops)%n", configured);
					err.flush();
					return 2;
				}
				sources.add(configured);
			}
			List<Checkpoint> checkpoints = new ArrayList<>();
			List<String> checked = new ArrayList<>(sources.stream().map(Path::toString).toList());
			CheckpointObjects objects = this.context.bean(CheckpointObjects.class);
			if (this.files.isEmpty() && objects.enabled()) {
				try {
					checkpoints.addAll(objects.latest(LATEST_OBJECTS));
					checked.add(objects.location());
				}
				catch (RuntimeException ex) {
					err.printf("Cannot read the checkpoint objects in %s: %s%n", objects.location(), ex.getMessage());
					err.flush();
					return 2;
				}
			}
			for (Path file : sources) {
				try {
					checkpoints.addAll(AuditCheckpoints.read(file));
				}
				catch (UncheckedIOException ex) {
					err.printf("Cannot read the checkpoint file %s: %s%n", file, ex.getCause().getMessage());
					err.flush();
					return 2;
				}
			}
			ChainVerifier.Result result = this.context.bean(ChainVerifier.class).verify(checkpoints);
			if (!result.intact()) {
				err.printf("Chain broken at entry #%d%s: %s (%d entries before it are intact)%n", result.brokenAt(),
						(result.brokenId() != null) ? " (id " + result.brokenId() + ")" : "", result.problem(),
						result.entries());
				err.flush();
				return 1;
			}
			out.printf(
					"%d entries, chain intact (%d with SHA-256 links from before the upgrade, %d with HMAC links)"
							+ "; %d recorded, not yet sealed%n",
					result.entries(), result.entries() - result.keyed(), result.keyed(), result.unsealed());
			if (result.checkpoints() == 0) {
				out.println("Checkpoints: none found (set coffer.audit.checkpoint-file or checkpoint-s3.bucket, "
						+ "or give --checkpoints), "
						+ "so entries cut from the end or a replaced table could not be checked");
			}
			else {
				out.printf("Checkpoints: %d checked in %s; the latest, of %s, names entry #%d%n", result.checkpoints(),
						checked, result.latestCheckpoint().time(), result.latestCheckpoint().seq());
			}
			out.flush();
			return 0;
		}

	}

}
