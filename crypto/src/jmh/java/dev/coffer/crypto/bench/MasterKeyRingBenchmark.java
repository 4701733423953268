package dev.coffer.crypto.bench;

import java.util.concurrent.TimeUnit;

import dev.coffer.crypto.CryptoException;
import dev.coffer.crypto.DataKey;
import dev.coffer.crypto.MasterKeyRing;
import dev.coffer.crypto.WrappedDataKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of the per-file key work: generating and wrapping a data key (every upload) and unwrapping
 * it (every download), in microseconds per operation.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MasterKeyRingBenchmark {

	private MasterKeyRing ring;

	private WrappedDataKey wrapped;

	@Setup
	public void setUp() throws CryptoException {
		this.ring = MasterKeyRing.generate().withNewPrimaryKey();
		this.wrapped = this.ring.wrap(DataKey.generate(), "benchmark");
	}

	@Benchmark
	public WrappedDataKey generateAndWrap() throws CryptoException {
		return this.ring.wrap(DataKey.generate(), "benchmark");
	}

	@Benchmark
	public DataKey unwrap() throws CryptoException {
		return this.ring.unwrap(this.wrapped, "benchmark");
	}

}
