package dev.coffer.cli.command;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProgressTest {

	@Test
	void onATerminal_drawsOneLineWithPercentAndSizes() throws Exception {
		StringWriter err = new StringWriter();
		Progress progress = Progress.of(true, new PrintWriter(err), "report.pdf", 4 * 1024 * 1024);
		try (InputStream in = progress.counting(new ByteArrayInputStream(new byte[4 * 1024 * 1024]))) {
			in.transferTo(OutputStream.nullOutputStream());
		}
		progress.finish();
		String drawn = err.toString();
		assertThat(drawn).startsWith("\rreport.pdf [").contains("100%").contains("4.0 MiB / 4.0 MiB").endsWith("\n");
		assertThat(drawn.indexOf('\n')).as("redrawn in place: one line").isEqualTo(drawn.length() - 1);
	}

	@Test
	void aResumedUpload_startsTheBarAtItsOffset() {
		StringWriter err = new StringWriter();
		Progress progress = Progress.of(true, new PrintWriter(err), "big.iso", 4L << 30);
		progress.at(3L << 30);
		assertThat(err.toString()).contains(" 75%").contains("3.0 GiB / 4.0 GiB");
	}

	@Test
	void hashingAFile_isShownAsAPassOfItsOwn() throws Exception {
		Path file = Files.createTempFile("checked", ".bin");
		try {
			byte[] content = new byte[3 * 1024 * 1024 + 5];
			Files.write(file, content);
			StringWriter err = new StringWriter();
			String sha256 = LocalFile.of(file)
				.sha256(Progress.of(true, new PrintWriter(err), "big.iso (SHA-256)", content.length));
			assertThat(sha256)
				.isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
			assertThat(err.toString()).startsWith("\rbig.iso (SHA-256) [").contains("100%").endsWith("\n");
		}
		finally {
			Files.delete(file);
		}
	}

	@Test
	void offATerminal_drawsNothing() {
		StringWriter err = new StringWriter();
		Progress progress = Progress.of(false, new PrintWriter(err), "report.pdf", 10);
		progress.advance(10);
		progress.finish();
		assertThat(err.toString()).isEmpty();
	}

	@Test
	void sizes_areInBinaryUnits() {
		assertThat(Sizes.format(1023)).isEqualTo("1023 B");
		assertThat(Sizes.format(1536)).isEqualTo("1.5 KiB");
		assertThat(Sizes.format(5L * 1024 * 1024 * 1024)).isEqualTo("5.0 GiB");
	}

	@Test
	void expiries_takeDaysOrWeeks_andRefuseTheRest() {
		assertThat(Durations.days("7d")).isEqualTo(7);
		assertThat(Durations.days("2w")).isEqualTo(14);
		assertThat(Durations.days("30")).isEqualTo(30);
		assertThatThrownBy(() -> Durations.days("0d")).hasMessageContaining("--expires");
		assertThatThrownBy(() -> Durations.days("soon")).hasMessageContaining("--expires");
	}

}
