package dev.coffer.cli.command;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the shutdown hook does on Ctrl-C, called as the hook calls it (a real SIGINT ends
 * the JVM, so it is not sent here).
 */
class InterruptionTest {

	@TempDir
	Path dir;

	private final Interruption interruption = new Interruption();

	private final StringWriter err = new StringWriter();

	private final PrintWriter errWriter = new PrintWriter(this.err, true);

	@Test
	void ctrlC_duringADownload_endsTheBarsLine_removesThePartialFile_andSaysNothingWasKept() throws Exception {
		Path partial = Files.writeString(this.dir.resolve(".coffer-1.part"), "half");
		Progress progress = Progress.of(true, this.errWriter, "big.iso", 100);
		this.interruption.showing(progress);
		try (Interruption.Transfer transfer = this.interruption.during(this.errWriter, GetCommand.removing(partial))) {
			progress.at(40);
			this.interruption.interrupted();
			progress.at(50);
			progress.finish();
		}
		assertThat(this.err.toString()).startsWith("\rbig.iso [#########...............]  40%")
			.endsWith(
					"/s   " + System.lineSeparator() + "coffer: interrupted; nothing was kept" + System.lineSeparator())
			.as("nothing drawn after it")
			.doesNotContain("50%");
		assertThat(partial).doesNotExist();
	}

	@Test
	void ctrlC_justAfterTheDownloadTookItsName_saysOnlyThatItWasInterrupted() {
		try (Interruption.Transfer transfer = this.interruption.during(this.errWriter,
				GetCommand.removing(this.dir.resolve(".coffer-moved.part")))) {
			this.interruption.interrupted();
		}
		assertThat(this.err.toString()).isEqualTo("coffer: interrupted" + System.lineSeparator());
	}

	@Test
	void ctrlC_withoutABarDrawn_addsNoEmptyLine_andSaysWhatIsLeft() {
		this.interruption.showing(Progress.of(false, this.errWriter, "big.iso", 100));
		try (Interruption.Transfer transfer = this.interruption.during(this.errWriter,
				() -> "run the same put again to resume")) {
			this.interruption.interrupted();
		}
		assertThat(this.err.toString())
			.isEqualTo("coffer: interrupted; run the same put again to resume" + System.lineSeparator());
	}

	@Test
	void theHookAtAnOrdinaryExit_afterTheTransferEnded_saysNothing() {
		Progress progress = Progress.of(true, this.errWriter, "big.iso", 100);
		this.interruption.showing(progress);
		try (Interruption.Transfer transfer = this.interruption.during(this.errWriter, () -> "nothing was kept")) {
			progress.at(100);
			progress.finish();
		}
		String finished = this.err.toString();
		this.interruption.interrupted();
		assertThat(this.err.toString()).isEqualTo(finished).endsWith("/s   " + System.lineSeparator());
	}

}
