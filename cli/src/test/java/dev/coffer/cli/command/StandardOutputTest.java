package dev.coffer.cli.command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * {@code get -o -} fails as a file would when standard output cannot be written, instead
 * of ending with exit 0 after writing nothing.
 */
class StandardOutputTest {

	@Test
	void getToStandardOutput_failsWhenItCannotBeWritten_asAFileWould() {
		// As System.out over a full disk or a pipe whose reader went away: the
		// PrintStream keeps the error to itself.
		PrintStream full = new PrintStream(new OutputStream() {

			@Override
			public void write(int b) throws IOException {
				throw new IOException("No space left on device");
			}

		});
		OutputStream out = GetCommand.failingOnError(full);
		assertThatIOException().isThrownBy(() -> out.write(new byte[] { 1, 2, 3 }, 0, 3))
			.withMessageContaining("standard output cannot be written");
	}

	@Test
	void getToStandardOutput_writesWhatItIsGiven() throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		OutputStream out = GetCommand.failingOnError(new PrintStream(bytes));
		out.write(new byte[] { 1, 2, 3 }, 0, 3);
		out.write(4);
		out.flush();
		assertThat(bytes.toByteArray()).containsExactly(1, 2, 3, 4);
		ByteArrayOutputStream plain = new ByteArrayOutputStream();
		assertThat(GetCommand.failingOnError(plain)).isSameAs(plain);
	}

}
