package dev.coffer.server.files;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.coffer.crypto.BlobIntegrityException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The second thread of a large download: what it reads arrives whole and in order, a
 * failure arrives after what was read before it and as what was thrown, and closing stops
 * it before the caller closes the channel.
 */
class ReadAheadTest {

	static final int BUFFER = 1024;

	@ParameterizedTest
	@ValueSource(ints = { 1, BUFFER - 1, BUFFER, BUFFER + 1, 3 * BUFFER + 5, 10 * BUFFER })
	void deliversExactlyTheCount_inOrder_inFullBuffers(int size) throws IOException {
		byte[] content = random(size + 100);
		// Short reads, as a decrypting channel makes at segment ends: each buffer is
		// still filled before it is handed over.
		ReadableByteChannel source = trickling(Channels.newChannel(new ByteArrayInputStream(content)));
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		int buffers = 0;
		try (ReadAhead ahead = new ReadAhead(source, size, BUFFER, 3)) {
			ByteBuffer buffer;
			while ((buffer = ahead.next()) != null) {
				buffers++;
				assertThat(buffer.remaining()).isEqualTo(Math.min(BUFFER, size - received.size()));
				received.write(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
				ahead.recycle(buffer);
			}
			assertThat(ahead.next()).isNull();
		}
		assertThat(received.toByteArray()).isEqualTo(java.util.Arrays.copyOf(content, size));
		assertThat(buffers).isEqualTo((size + BUFFER - 1) / BUFFER);
	}

	@Test
	void aFailure_comesAfterWhatWasReadBeforeIt_asTheSameException() throws IOException {
		BlobIntegrityException tampered = new BlobIntegrityException("segment 3 failed", null);
		byte[] content = random(2 * BUFFER);
		ReadableByteChannel good = Channels.newChannel(new ByteArrayInputStream(content));
		ReadableByteChannel source = new ReadableByteChannel() {
			@Override
			public int read(ByteBuffer dst) throws IOException {
				int read = good.read(dst);
				if (read < 0) {
					throw tampered;
				}
				return read;
			}

			@Override
			public boolean isOpen() {
				return true;
			}

			@Override
			public void close() {
			}
		};
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		try (ReadAhead ahead = new ReadAhead(source, 5 * BUFFER, BUFFER, 3)) {
			assertThatThrownBy(() -> {
				ByteBuffer buffer;
				while ((buffer = ahead.next()) != null) {
					received.write(buffer.array(), buffer.position(), buffer.remaining());
					ahead.recycle(buffer);
				}
			}).isSameAs(tampered);
			assertThat(ahead.next()).isNull();
		}
		assertThat(received.toByteArray()).isEqualTo(content);
	}

	@Test
	void contentShorterThanTheCount_isAnError() {
		ReadableByteChannel source = Channels.newChannel(new ByteArrayInputStream(random(BUFFER + 10)));
		try (ReadAhead ahead = new ReadAhead(source, 2 * BUFFER, BUFFER, 2)) {
			assertThatThrownBy(() -> {
				ByteBuffer buffer;
				while ((buffer = ahead.next()) != null) {
					ahead.recycle(buffer);
				}
			}).isInstanceOf(IOException.class).hasMessageContaining("ended early");
		}
	}

	@Test
	void close_ofAnAbandonedDownload_stopsTheReader_beforeItReturns() throws Exception {
		AtomicLong reads = new AtomicLong();
		AtomicBoolean reading = new AtomicBoolean();
		AtomicBoolean overlapped = new AtomicBoolean();
		ReadableByteChannel endless = new ReadableByteChannel() {
			@Override
			public int read(ByteBuffer dst) {
				if (!reading.compareAndSet(false, true)) {
					overlapped.set(true);
				}
				reads.incrementAndGet();
				int n = Math.min(dst.remaining(), 100);
				dst.position(dst.position() + n);
				reading.set(false);
				return n;
			}

			@Override
			public boolean isOpen() {
				return true;
			}

			@Override
			public void close() {
			}
		};
		ReadAhead ahead = new ReadAhead(endless, Long.MAX_VALUE, BUFFER, 3);
		assertThat(ahead.next()).isNotNull(); // the client goes away after one buffer
		ahead.close();
		long readsAtClose = reads.get();
		assertThat(reading.get()).isFalse();
		Thread.sleep(200);
		assertThat(reads.get()).as("reads after close returned").isEqualTo(readsAtClose);
		assertThat(overlapped.get()).isFalse();
	}

	/** Hands out at most 7 bytes a read. */
	private static ReadableByteChannel trickling(ReadableByteChannel channel) {
		return new ReadableByteChannel() {
			@Override
			public int read(ByteBuffer dst) throws IOException {
				ByteBuffer slice = dst.slice();
				slice.limit(Math.min(slice.limit(), 7));
				int read = channel.read(slice);
				if (read > 0) {
					dst.position(dst.position() + read);
				}
				return read;
			}

			@Override
			public boolean isOpen() {
				return channel.isOpen();
			}

			@Override
			public void close() throws IOException {
				channel.close();
			}
		};
	}

	private static byte[] random(int size) {
		byte[] bytes = new byte[size];
		new Random(size).nextBytes(bytes);
		return bytes;
	}

}
