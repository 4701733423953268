package dev.coffer.server.audit;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import dev.coffer.server.operator.OperatorCommand;
import dev.coffer.server.operator.OperatorContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code audit verify}: checks the whole hash chain of the audit log. Exit 0 if it is
 * intact, 1 naming the first broken entry.
 */
@OperatorCommand
@Command(name = "audit", description = "Check the audit log.", mixinStandardHelpOptions = true,
		subcommands = { AuditCommand.Verify.class })
public class AuditCommand {

	@Command(name = "verify", mixinStandardHelpOptions = true,
			description = { "Recompute every hash of the audit log's chain and check its links; names the",
					"first broken entry. Exit 0 intact, 1 broken." })
	static class Verify implements Callable<Integer> {

		private final OperatorContext context;

		@Spec
		CommandSpec spec;

		Verify(OperatorContext context) {
			this.context = context;
		}

		@Override
		public Integer call() {
			ChainVerifier.Result result = this.context.bean(ChainVerifier.class).verify();
			if (result.intact()) {
				PrintWriter out = this.spec.commandLine().getOut();
				out.printf("%d entries, chain intact%n", result.entries());
				out.flush();
				return 0;
			}
			this.spec.commandLine()
				.getErr()
				.printf("Chain broken at entry #%d: %s (%d entries before it are intact)%n", result.brokenAt(),
						result.problem(), result.entries());
			return 1;
		}

	}

}
