package dev.coffer.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Closed-loop load: a fixed number of clients, each on its own kept-alive connection and
 * thread, sending one request after another for a warm-up and then a measured duration.
 * Only requests started within the measured window count.
 */
final class LoadTest {

	/** One request of one client; throws if the answer is not the expected one. */
	@FunctionalInterface
	interface Action {

		void run(HttpConnection connection, int client, long sequence) throws IOException;

	}

	/** Requests and errors in the measured window, their latencies, sorted. */
	record Result(int clients, long requests, long errors, double seconds, long[] sortedLatencyNanos, long connects,
			String firstError, long serverCpuNanos) {

		/**
		 * Server CPU time (user + system) spent in the measured window per request
		 * measured, in milliseconds, or NaN if the server's CPU time was not read: less
		 * sensitive than requests/s to other load on the machine.
		 */
		double serverCpuMillisPerRequest() {
			return (this.serverCpuNanos < 0 || this.requests == 0) ? Double.NaN
					: this.serverCpuNanos / 1e6 / this.requests;
		}

		double requestsPerSecond() {
			return this.requests / this.seconds;
		}

		double percentileMillis(double percentile) {
			return (this.sortedLatencyNanos.length == 0) ? Double.NaN
					: Latencies.percentile(this.sortedLatencyNanos, percentile) / 1e6;
		}

	}

	private LoadTest() {
	}

	static Result run(HttpConnection.Endpoint endpoint, int clients, Duration warmup, Duration duration, Action action)
			throws InterruptedException {
		return run(List.of(endpoint), clients, warmup, duration, action, null);
	}

	/**
	 * As {@link #run(HttpConnection.Endpoint, int, Duration, Duration, Action)}, also
	 * reading the server's CPU time at the start and the end of the measured window.
	 */
	static Result run(HttpConnection.Endpoint endpoint, int clients, Duration warmup, Duration duration,
			LongSupplier serverCpuNanos, Action action) throws InterruptedException {
		return run(List.of(endpoint), clients, warmup, duration, action, serverCpuNanos);
	}

	/**
	 * The node a client talks to when the clients are spread over several: round-robin,
	 * client {@code i} to node {@code i mod n}, so that the nodes get equal shares (±1).
	 */
	static <T> T forClient(List<T> nodes, int client) {
		return nodes.get(client % nodes.size());
	}

	/** Load on several servers, the clients spread over them by {@link #forClient}. */
	static Result run(List<HttpConnection.Endpoint> endpoints, int clients, Duration warmup, Duration duration,
			Action action) throws InterruptedException {
		return run(endpoints, clients, warmup, duration, action, null);
	}

	private static Result run(List<HttpConnection.Endpoint> endpoints, int clients, Duration warmup, Duration duration,
			Action action, LongSupplier serverCpuNanos) throws InterruptedException {
		long measureStart = System.nanoTime() + warmup.toNanos();
		long measureEnd = measureStart + duration.toNanos();
		Latencies[] latencies = new Latencies[clients];
		long[] errors = new long[clients];
		long[] connects = new long[clients];
		AtomicReference<String> firstError = new AtomicReference<>();
		List<Thread> threads = new ArrayList<>();
		for (int c = 0; c < clients; c++) {
			int client = c;
			latencies[c] = new Latencies();
			threads.add(Thread.ofPlatform().name("client-" + c).start(() -> {
				try (HttpConnection connection = new HttpConnection(forClient(endpoints, client))) {
					long sequence = 0;
					for (long start = System.nanoTime(); start < measureEnd; start = System.nanoTime()) {
						boolean measured = start >= measureStart;
						try {
							action.run(connection, client, sequence++);
							if (measured) {
								latencies[client].add(System.nanoTime() - start);
							}
						}
						catch (IOException | RuntimeException ex) {
							firstError.compareAndSet(null, ex.toString());
							if (measured) {
								errors[client]++;
							}
							sleepQuietly(10);
						}
					}
					connects[client] = connection.connects();
				}
			}));
		}
		long[] cpuAtEdges = { -1, -1 };
		Thread cpuReader = (serverCpuNanos == null) ? null : Thread.ofPlatform().name("server-cpu").start(() -> {
			cpuAtEdges[0] = readAt(measureStart, serverCpuNanos);
			cpuAtEdges[1] = readAt(measureEnd, serverCpuNanos);
		});
		long joinDeadline = measureEnd + Duration.ofMinutes(3).toNanos();
		for (Thread thread : threads) {
			long left = Math.max(1, (joinDeadline - System.nanoTime()) / 1_000_000);
			thread.join(left);
			if (thread.isAlive()) {
				threads.forEach(Thread::interrupt);
				throw new IllegalStateException("A client did not finish in time");
			}
		}
		if (cpuReader != null) {
			cpuReader.join();
		}
		long serverCpu = (cpuAtEdges[0] < 0 || cpuAtEdges[1] < 0) ? -1 : cpuAtEdges[1] - cpuAtEdges[0];
		Latencies all = new Latencies();
		long errorCount = 0;
		long connectCount = 0;
		for (int c = 0; c < clients; c++) {
			all.addAll(latencies[c]);
			errorCount += errors[c];
			connectCount += connects[c];
		}
		return new Result(clients, all.count(), errorCount, duration.toNanos() / 1e9, all.sorted(), connectCount,
				firstError.get(), serverCpu);
	}

	/** Reads {@code cpu} at {@code nanoTime}, or -1 if that fails. */
	private static long readAt(long nanoTime, LongSupplier cpu) {
		long wait = nanoTime - System.nanoTime();
		if (wait > 0) {
			sleepQuietly(wait / 1_000_000);
		}
		try {
			return cpu.getAsLong();
		}
		catch (RuntimeException ex) {
			return -1;
		}
	}

	private static void sleepQuietly(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
