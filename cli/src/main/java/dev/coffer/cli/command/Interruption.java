package dev.coffer.cli.command;

import java.io.PrintWriter;
import java.util.function.Supplier;

/**
 * What Ctrl-C interrupts. The JVM answers SIGINT by running its shutdown hooks and then
 * exiting with 130 without unwinding the command: none of its catch or finally blocks
 * runs. So a transfer says here, while it runs, what an interruption leaves and how to
 * tidy it up, and which progress bar is drawn; {@link #interrupted()}, run by the
 * shutdown hook {@code CofferCli.main} registers, ends the bar's line, tidies up and says
 * what is left in one line.
 */
public final class Interruption {

	/** The bar drawn last; one that finished has ended its line already. */
	private Progress progress;

	private Transfer transfer;

	/**
	 * Marks a transfer under way, until the result is closed.
	 * @param err where to say that it was interrupted
	 * @param tidyUp run on Ctrl-C: removes what must not stay, and says what is left (in
	 * words for the user, such as "nothing was kept"), or null if there is nothing to say
	 */
	synchronized Transfer during(PrintWriter err, Supplier<String> tidyUp) {
		this.transfer = new Transfer(err, tidyUp);
		return this.transfer;
	}

	synchronized void showing(Progress progress) {
		this.progress = progress;
	}

	/**
	 * On Ctrl-C: if a transfer is under way, ends the line its bar is on, tidies up, and
	 * says {@code coffer: interrupted; <what is left>}. Nothing when no transfer is.
	 */
	public synchronized void interrupted() {
		if (this.transfer == null) {
			return;
		}
		if (this.progress != null) {
			this.progress.stop();
		}
		String left;
		try {
			left = this.transfer.tidyUp.get();
		}
		catch (RuntimeException ex) {
			// The process ends either way: say at least that it was interrupted.
			left = null;
		}
		this.transfer.err.println("coffer: interrupted" + ((left != null) ? "; " + left : ""));
		this.transfer.err.flush();
	}

	private synchronized void ended(Transfer transfer) {
		if (this.transfer == transfer) {
			this.transfer = null;
		}
	}

	/** A transfer under way; closing it says it is over. */
	final class Transfer implements AutoCloseable {

		private final PrintWriter err;

		private final Supplier<String> tidyUp;

		private Transfer(PrintWriter err, Supplier<String> tidyUp) {
			this.err = err;
			this.tidyUp = tidyUp;
		}

		@Override
		public void close() {
			ended(this);
		}

	}

}
