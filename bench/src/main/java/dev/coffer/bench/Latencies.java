package dev.coffer.bench;

import java.util.Arrays;

/**
 * Request latencies in nanoseconds, appended by one thread, merged and summarised at the
 * end. Percentiles use the nearest-rank method on the sorted values: the p-th percentile
 * of n values is the value at rank {@code ceil(p / 100 * n)}.
 */
final class Latencies {

	private long[] values = new long[1024];

	private int count;

	void add(long nanos) {
		if (this.count == this.values.length) {
			this.values = Arrays.copyOf(this.values, this.values.length * 2);
		}
		this.values[this.count++] = nanos;
	}

	int count() {
		return this.count;
	}

	void addAll(Latencies other) {
		for (int i = 0; i < other.count; i++) {
			add(other.values[i]);
		}
	}

	/** A sorted copy of the values. */
	long[] sorted() {
		long[] sorted = Arrays.copyOf(this.values, this.count);
		Arrays.sort(sorted);
		return sorted;
	}

	/**
	 * The nearest-rank percentile of sorted values.
	 * @param sorted values in ascending order, at least one
	 * @param percentile in (0, 100]
	 */
	static long percentile(long[] sorted, double percentile) {
		if (sorted.length == 0) {
			throw new IllegalArgumentException("no values");
		}
		if (!(percentile > 0 && percentile <= 100)) {
			throw new IllegalArgumentException("percentile must be in (0, 100]: " + percentile);
		}
		int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
		return sorted[Math.max(rank, 1) - 1];
	}

}
