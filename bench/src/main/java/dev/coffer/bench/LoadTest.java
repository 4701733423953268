package dev.coffer.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

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
			String firstError) {

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
		return run(List.of(endpoint), clients, warmup, duration, action);
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
		long joinDeadline = measureEnd + Duration.ofMinutes(3).toNanos();
		for (Thread thread : threads) {
			long left = Math.max(1, (joinDeadline - System.nanoTime()) / 1_000_000);
			thread.join(left);
			if (thread.isAlive()) {
				threads.forEach(Thread::interrupt);
				throw new IllegalStateException("A client did not finish in time");
			}
		}
		Latencies all = new Latencies();
		long errorCount = 0;
		long connectCount = 0;
		for (int c = 0; c < clients; c++) {
			all.addAll(latencies[c]);
			errorCount += errors[c];
			connectCount += connects[c];
		}
		return new Result(clients, all.count(), errorCount, duration.toNanos() / 1e9, all.sorted(), connectCount,
				firstError.get());
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
