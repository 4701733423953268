package dev.coffer.cli.command;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;

/**
 * A one-line progress bar on standard error, redrawn at most ten times a second:
 * {@code report.pdf [#######.....]  58%  12.0 MiB / 20.7 MiB  4.2 MiB/s}. Only drawn on a
 * terminal (see {@link ServerCommand#showProgress()}); a no-op otherwise, so the copy
 * loops need not care.
 */
final class Progress {

	private static final long REDRAW_NANOS = 100_000_000L;

	private static final int WIDTH = 24;

	private final PrintWriter err;

	private final String label;

	private final long total;

	private long started = System.nanoTime();

	private long done;

	/** Where this run started (a resumed upload's offset), for the speed. */
	private long base;

	private long drawn;

	/** Whether the bar is drawn on a line that has not ended yet. */
	private boolean lineOpen;

	/** Interrupted: nothing more is drawn. */
	private boolean stopped;

	private Progress(PrintWriter err, String label, long total) {
		this.err = err;
		this.label = label;
		this.total = total;
	}

	/**
	 * @param total the size in bytes, or -1 if unknown
	 */
	static Progress of(boolean show, PrintWriter err, String label, long total) {
		return show ? new Progress(err, label, total) : new Progress(null, label, total);
	}

	void advance(long bytes) {
		this.done += bytes;
		long now = System.nanoTime();
		if (this.err != null && now - this.drawn >= REDRAW_NANOS) {
			this.drawn = now;
			draw(now);
		}
	}

	/**
	 * Sets how much is done: where a resumed upload goes on from, or where the server
	 * says it is after a failed request. Counted from here for the speed the first time.
	 */
	void at(long offset) {
		if (this.done == 0 && this.base == 0) {
			this.base = offset;
			this.started = System.nanoTime();
		}
		this.done = offset;
		if (this.err != null) {
			this.drawn = System.nanoTime();
			draw(this.drawn);
		}
	}

	synchronized void finish() {
		if (this.err != null && !this.stopped) {
			draw(System.nanoTime());
			this.err.println();
			this.err.flush();
			this.lineOpen = false;
		}
	}

	/**
	 * Draws no more, and ends the bar's line if it is on one: on Ctrl-C, whose message
	 * then starts a line of its own (see {@link Interruption}). Synchronized with the
	 * drawing, which goes on on another thread until the process ends.
	 */
	synchronized void stop() {
		this.stopped = true;
		if (this.lineOpen) {
			this.err.println();
			this.err.flush();
			this.lineOpen = false;
		}
	}

	/** {@code in}, counting what is read from it. */
	InputStream counting(InputStream in) {
		return new FilterInputStream(in) {

			@Override
			public int read() throws IOException {
				int b = super.read();
				if (b >= 0) {
					advance(1);
				}
				return b;
			}

			@Override
			public int read(byte[] buffer, int offset, int length) throws IOException {
				int n = super.read(buffer, offset, length);
				if (n > 0) {
					advance(n);
				}
				return n;
			}

		};
	}

	private synchronized void draw(long now) {
		if (this.stopped) {
			return;
		}
		double seconds = Math.max((now - this.started) / 1e9, 1e-3);
		StringBuilder line = new StringBuilder("\r").append(this.label).append(' ');
		if (this.total > 0) {
			int filled = (int) (WIDTH * Math.min(this.done, this.total) / this.total);
			line.append('[')
				.append("#".repeat(filled))
				.append(".".repeat(WIDTH - filled))
				.append("] ")
				.append(String.format("%3d%%", 100 * Math.min(this.done, this.total) / this.total))
				.append("  ")
				.append(Sizes.format(this.done))
				.append(" / ")
				.append(Sizes.format(this.total));
		}
		else {
			line.append(Sizes.format(this.done));
		}
		line.append("  ").append(Sizes.format((long) ((this.done - this.base) / seconds))).append("/s   ");
		this.err.print(line);
		this.err.flush();
		this.lineOpen = true;
	}

}
