package dev.coffer.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LatenciesTest {

	@Test
	void nearestRankPercentiles() {
		long[] sorted = new long[100];
		for (int i = 0; i < 100; i++) {
			sorted[i] = i + 1;
		}
		assertThat(Latencies.percentile(sorted, 50)).isEqualTo(50);
		assertThat(Latencies.percentile(sorted, 99)).isEqualTo(99);
		assertThat(Latencies.percentile(sorted, 99.5)).isEqualTo(100);
		assertThat(Latencies.percentile(sorted, 100)).isEqualTo(100);
		assertThat(Latencies.percentile(sorted, 0.001)).isEqualTo(1);
	}

	@Test
	void smallSamples() {
		assertThat(Latencies.percentile(new long[] { 7 }, 99)).isEqualTo(7);
		// ceil(0.5 * 3) = 2nd value; ceil(0.99 * 3) = 3rd
		assertThat(Latencies.percentile(new long[] { 1, 2, 30 }, 50)).isEqualTo(2);
		assertThat(Latencies.percentile(new long[] { 1, 2, 30 }, 99)).isEqualTo(30);
	}

	@Test
	void mergesAndSortsAcrossGrowth() {
		Latencies a = new Latencies();
		Latencies b = new Latencies();
		for (int i = 3000; i > 0; i--) {
			a.add(i);
		}
		b.add(0);
		b.addAll(a);
		long[] sorted = b.sorted();
		assertThat(sorted).hasSize(3001);
		assertThat(sorted[0]).isZero();
		assertThat(sorted[3000]).isEqualTo(3000);
		assertThat(Latencies.percentile(sorted, 50)).isEqualTo(1500);
	}

	@Test
	void rejectsNonsense() {
		assertThatIllegalArgumentException().isThrownBy(() -> Latencies.percentile(new long[0], 50));
		assertThatIllegalArgumentException().isThrownBy(() -> Latencies.percentile(new long[] { 1 }, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> Latencies.percentile(new long[] { 1 }, 101));
	}

}
