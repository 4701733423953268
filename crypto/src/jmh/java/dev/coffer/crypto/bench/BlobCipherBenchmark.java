package dev.coffer.crypto.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.security.GeneralSecurityException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import dev.coffer.crypto.BlobCipher;
import dev.coffer.crypto.DataKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of part encryption and decryption on a 64 MiB in-memory part. Each invocation
 * processes 64 MiB and counts as 64 operations, so the score of the streaming benchmarks is in
 * MiB/s. {@code rangeRead64KiB} is the latency of a 64 KiB HTTP range read in the middle of the
 * part (it decrypts the one or two segments the range touches).
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class BlobCipherBenchmark {

	private static final int MIB = 1 << 20;

	private static final int PART_MIB = 64;

	private static final String BLOB = "benchmark";

	private final BlobCipher cipher = new BlobCipher();

	private final byte[] buffer = new byte[64 * 1024];

	private final SplittableRandom random = new SplittableRandom(1);

	private DataKey key;

	private byte[] plaintext;

	private byte[] ciphertext;

	@Setup
	public void setUp() throws GeneralSecurityException, IOException {
		this.key = DataKey.generate();
		this.plaintext = new byte[PART_MIB * MIB];
		new SplittableRandom(42).nextBytes(this.plaintext);
		ByteArrayOutputStream sink = new ByteArrayOutputStream((int) BlobCipher.ciphertextSize(this.plaintext.length));
		try (OutputStream out = this.cipher.newEncryptingStream(this.key, BLOB, 0, sink)) {
			out.write(this.plaintext);
		}
		this.ciphertext = sink.toByteArray();
	}

	@Benchmark
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	@OperationsPerInvocation(PART_MIB)
	public void encrypt() throws GeneralSecurityException, IOException {
		try (OutputStream out = this.cipher.newEncryptingStream(this.key, BLOB, 0, OutputStream.nullOutputStream())) {
			for (int offset = 0; offset < this.plaintext.length; offset += this.buffer.length) {
				out.write(this.plaintext, offset, this.buffer.length);
			}
		}
	}

	@Benchmark
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	@OperationsPerInvocation(PART_MIB)
	public void decryptStream(Blackhole blackhole) throws GeneralSecurityException, IOException {
		try (InputStream in = this.cipher.newDecryptingStream(this.key, BLOB, 0,
				new ByteArrayInputStream(this.ciphertext))) {
			int read;
			while ((read = in.read(this.buffer)) > 0) {
				blackhole.consume(read);
			}
		}
		blackhole.consume(this.buffer);
	}

	@Benchmark
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	@OperationsPerInvocation(PART_MIB)
	public void decryptSeekableChannel(Blackhole blackhole) throws GeneralSecurityException, IOException {
		try (SeekableByteChannel channel = this.cipher.newSeekableDecryptingChannel(this.key, BLOB, 0,
				new InMemoryChannel(this.ciphertext))) {
			ByteBuffer target = ByteBuffer.wrap(this.buffer);
			while (channel.read(target.clear()) >= 0) {
				blackhole.consume(target.position());
			}
		}
		blackhole.consume(this.buffer);
	}

	@Benchmark
	@BenchmarkMode(Mode.AverageTime)
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public void rangeRead64KiB(Blackhole blackhole) throws GeneralSecurityException, IOException {
		long offset = this.random.nextLong(this.plaintext.length - this.buffer.length);
		try (SeekableByteChannel channel = this.cipher.newSeekableDecryptingChannel(this.key, BLOB, 0,
				new InMemoryChannel(this.ciphertext))) {
			ByteBuffer target = ByteBuffer.wrap(this.buffer);
			channel.position(offset);
			while (target.hasRemaining() && channel.read(target) >= 0) {
				blackhole.consume(target.position());
			}
		}
		blackhole.consume(this.buffer);
	}

}
