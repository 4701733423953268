package dev.coffer.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;

/**
 * The client's standard output: the commands' text (listings, ids, links), which picocli
 * writes through a {@link PrintWriter}, and {@code get -o -}'s bytes. A
 * {@code PrintWriter}, like {@code System.out}, keeps a failed write to itself:
 * {@code coffer ls > file} on a full disk ended with exit 0 and part of a listing. This
 * stream remembers the first failure, so that the command ends as a failed write to a
 * file does, or quietly if the reader went away.
 */
final class TextOutput extends FilterOutputStream {

	// Written by the thread that writes a download, read by the main thread at the end.
	private volatile IOException failure;

	TextOutput(OutputStream out) {
		super(out);
	}

	@Override
	public void write(int b) throws IOException {
		try {
			this.out.write(b);
		}
		catch (IOException ex) {
			throw failed(ex);
		}
	}

	@Override
	public void write(byte[] bytes, int offset, int length) throws IOException {
		try {
			this.out.write(bytes, offset, length);
		}
		catch (IOException ex) {
			throw failed(ex);
		}
	}

	@Override
	public void flush() throws IOException {
		try {
			this.out.flush();
		}
		catch (IOException ex) {
			throw failed(ex);
		}
	}

	/**
	 * The exit code of a command that ended with {@code exitCode}, given what became of
	 * its output. A reader that went away ({@code coffer ls | head -1}) ends it quietly
	 * with {@link ExitCodes#BROKEN_PIPE}, as SIGPIPE ends a C program; any other failure
	 * (a full disk) is said on {@code err} and is {@link ExitCodes#LOCAL_FILE}, unless
	 * the command had failed already and said why.
	 */
	int exitCode(int exitCode, PrintWriter err) {
		if (this.failure == null) {
			return exitCode;
		}
		if (readerWentAway()) {
			return ExitCodes.BROKEN_PIPE;
		}
		if (exitCode != ExitCodes.OK) {
			return exitCode;
		}
		err.println("coffer: Cannot write to standard output: " + this.failure.getMessage());
		err.flush();
		return ExitCodes.LOCAL_FILE;
	}

	/** Whether a write failed because the reader closed its end of the pipe. */
	boolean readerWentAway() {
		IOException failed = this.failure;
		return failed != null && "Broken pipe".equals(failed.getMessage());
	}

	private IOException failed(IOException ex) {
		if (this.failure == null) {
			this.failure = ex;
		}
		return ex;
	}

}
