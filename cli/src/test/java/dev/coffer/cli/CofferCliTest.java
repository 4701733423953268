package dev.coffer.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

class CofferCliTest {

	private final StringWriter out = new StringWriter();

	private final StringWriter err = new StringWriter();

	private int run(String... args) {
		CommandLine cli = new CommandLine(new CofferCli());
		cli.setOut(new PrintWriter(this.out, true));
		cli.setErr(new PrintWriter(this.err, true));
		return cli.execute(args);
	}

	@Test
	void help_describesTheClient_andExitsZero() {
		assertThat(run("--help")).isZero();
		assertThat(this.out.toString()).contains("Usage: coffer").contains("--version").contains("Coffer");
	}

	@Test
	void version_printsAVersion_andExitsZero() {
		assertThat(run("--version")).isZero();
		assertThat(this.out.toString()).startsWith("coffer ");
	}

	@Test
	void noArguments_isAUsageError() {
		assertThat(run()).isEqualTo(2);
		assertThat(this.err.toString()).contains("Usage: coffer");
	}

	@Test
	void unknownOption_isAUsageError_withAOneLineReason() {
		assertThat(run("--frobnicate")).isEqualTo(2);
		assertThat(this.err.toString()).contains("Unknown option: '--frobnicate'");
	}

}
