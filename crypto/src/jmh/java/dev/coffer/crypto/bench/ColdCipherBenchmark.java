package dev.coffer.crypto.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import dev.coffer.crypto.BlobCipher;
import dev.coffer.crypto.CipherWarmUp;
import dev.coffer.crypto.DataKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long a fresh JVM takes to encrypt its first 256 MiB into a blob part, with and
 * without {@link CipherWarmUp} run first (its own time not counted): one shot per fork,
 * no JMH warm-up, since the warm-up is what is measured. Setting up touches no AES-GCM.
 */
@State(Scope.Benchmark)
@Fork(3)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ColdCipherBenchmark {

	private static final int MIB = 1 << 20;

	@Param({ "false", "true" })
	public boolean warmUp;

	private final BlobCipher cipher = new BlobCipher();

	private final byte[] buffer = new byte[256 * 1024];

	private DataKey key;

	@Setup
	public void setUp() throws GeneralSecurityException {
		new SplittableRandom(42).nextBytes(this.buffer);
		this.key = DataKey.generate();
		if (this.warmUp) {
			CipherWarmUp.run();
		}
	}

	@Benchmark
	public void encryptFirst256MiB() throws GeneralSecurityException, IOException {
		try (OutputStream out = this.cipher.newEncryptingStream(this.key, "cold", 0, OutputStream.nullOutputStream())) {
			for (int written = 0; written < 256 * MIB; written += this.buffer.length) {
				out.write(this.buffer);
			}
		}
	}

}
