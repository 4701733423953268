package dev.coffer.bench;

import java.io.IOException;

/**
 * Samples a process's resident set size every 50 ms on a daemon thread and keeps the
 * largest value seen, alongside the kernel's own peak (VmHWM), reset when sampling
 * starts.
 */
final class RssSampler implements AutoCloseable {

	static final long INTERVAL_MILLIS = 50;

	private final long pid;

	private final Thread thread;

	private final boolean peakReset;

	private volatile long maxRssKiB;

	private volatile int samples;

	private volatile boolean running = true;

	RssSampler(long pid) {
		this.pid = pid;
		this.peakReset = ProcFs.resetPeak(pid);
		this.thread = Thread.ofPlatform().daemon().name("rss-sampler").start(this::run);
	}

	private void run() {
		while (this.running) {
			sample();
			try {
				Thread.sleep(INTERVAL_MILLIS);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	private void sample() {
		try {
			long rss = ProcFs.memory(this.pid).rssKiB();
			if (rss > this.maxRssKiB) {
				this.maxRssKiB = rss;
			}
			this.samples++;
		}
		catch (IOException | RuntimeException ex) {
			// the process is gone; the caller notices
		}
	}

	/**
	 * What was measured: sampled maximum, and VmHWM if it could be reset at the start.
	 */
	record Peak(long sampledMaxKiB, long hwmKiB, int samples) {
	}

	/** Stops sampling and reports. */
	Peak stop() throws IOException {
		this.running = false;
		this.thread.interrupt();
		try {
			this.thread.join(5_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		sample();
		long hwm = this.peakReset ? ProcFs.memory(this.pid).hwmKiB() : -1;
		return new Peak(this.maxRssKiB, hwm, this.samples);
	}

	@Override
	public void close() {
		this.running = false;
		this.thread.interrupt();
	}

}
