package dev.coffer.server.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link BlobStore} guarantees, run against each implementation. Objects are
 * written larger than {@link #PART_SIZE} where it matters, so that the S3 store's
 * multipart path is what is being tested.
 */
abstract class BlobStoreContract {

	/** The S3 store's part size in these tests (the S3 minimum). */
	static final int PART_SIZE = 5 * 1024 * 1024;

	/** A fresh, empty store for each test. */
	abstract BlobStore store() throws IOException;

	static String newKey() {
		return UUID.randomUUID() + ".0";
	}

	static byte[] random(int size, long seed) {
		byte[] bytes = new byte[size];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

	static void write(BlobStore store, String key, byte[] content) throws IOException {
		try (BlobStore.PendingObject object = store.create(key)) {
			// In uneven chunks, as an encrypting stream writes.
			for (int offset = 0; offset < content.length; offset += 100_003) {
				object.stream().write(content, offset, Math.min(100_003, content.length - offset));
			}
			object.stream().close(); // encryption layers close their sink; that must not
										// commit or fail
			object.commit();
		}
	}

	static byte[] read(SeekableByteChannel channel, long position, int length) throws IOException {
		channel.position(position);
		ByteBuffer buffer = ByteBuffer.allocate(length);
		while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
			// until full or at the end
		}
		return Arrays.copyOf(buffer.array(), buffer.position());
	}

	static Instant past() {
		return Instant.now().minusSeconds(120);
	}

	static Instant future() {
		return Instant.now().plusSeconds(120);
	}

	@Test
	void object_isVisibleOnlyAfterCommit() throws IOException {
		BlobStore store = store();
		String key = newKey();
		byte[] content = random(PART_SIZE + 1234, 1);
		try (BlobStore.PendingObject object = store.create(key)) {
			object.stream().write(content);
			assertThatThrownBy(() -> store.open(key)).isInstanceOf(NoSuchFileException.class);
			assertThatThrownBy(() -> store.size(key)).isInstanceOf(NoSuchFileException.class);
			assertThat(store.listKeysModifiedBefore(future())).doesNotContain(key);
			object.commit();
		}
		assertThat(store.size(key)).isEqualTo(content.length);
		try (SeekableByteChannel channel = store.open(key)) {
			assertThat(read(channel, 0, content.length + 10)).isEqualTo(content);
		}
	}

	@Test
	void closeWithoutCommit_leavesNothing() throws IOException {
		BlobStore store = store();
		String key = newKey();
		try (BlobStore.PendingObject object = store.create(key)) {
			object.stream().write(random(2 * PART_SIZE + 10, 2));
		}
		assertThatThrownBy(() -> store.open(key)).isInstanceOf(NoSuchFileException.class);
		assertThat(store.listKeysModifiedBefore(future())).isEmpty();
		assertThat(store.deleteAbandonedWritesBefore(future())).as("abandoned writes left behind").isZero();
	}

	@Test
	void randomAccessReads_returnExactlyTheBytesAtManyOffsets() throws IOException {
		BlobStore store = store();
		String key = newKey();
		byte[] content = random(2 * PART_SIZE + 777, 3);
		write(store, key, content);
		Random random = new Random(4);
		try (SeekableByteChannel channel = store.open(key)) {
			assertThat(channel.size()).isEqualTo(content.length);
			long[] offsets = { 0, 1, PART_SIZE - 1, PART_SIZE, 2L * PART_SIZE, content.length - 1, 3_000_000, 17 };
			for (long offset : offsets) {
				int length = 1 + random.nextInt(300_000);
				int end = (int) Math.min(content.length, offset + length);
				assertThat(read(channel, offset, length)).as("at %d", offset)
					.isEqualTo(Arrays.copyOfRange(content, (int) offset, end));
				assertThat(channel.position()).isEqualTo(end);
			}
			for (int i = 0; i < 40; i++) {
				int offset = random.nextInt(content.length);
				int length = 1 + random.nextInt(70_000);
				int end = Math.min(content.length, offset + length);
				assertThat(read(channel, offset, length)).as("at %d", offset)
					.isEqualTo(Arrays.copyOfRange(content, offset, end));
			}
			channel.position(content.length);
			assertThat(channel.read(ByteBuffer.allocate(10))).isEqualTo(-1);
			channel.position(content.length + 1000L);
			assertThat(channel.read(ByteBuffer.allocate(10))).isEqualTo(-1);
			assertThat(channel.read(ByteBuffer.allocate(0))).isZero();
		}
	}

	@Test
	void emptyAndOneByteObjects_roundTrip() throws IOException {
		BlobStore store = store();
		String empty = newKey();
		String one = newKey();
		write(store, empty, new byte[0]);
		write(store, one, new byte[] { 42 });
		assertThat(store.size(empty)).isZero();
		assertThat(store.size(one)).isEqualTo(1);
		try (SeekableByteChannel channel = store.open(empty)) {
			assertThat(channel.read(ByteBuffer.allocate(1))).isEqualTo(-1);
		}
		try (SeekableByteChannel channel = store.open(one)) {
			assertThat(read(channel, 0, 5)).containsExactly(42);
		}
	}

	@Test
	void delete_removesTheObject_andIsIdempotent() throws IOException {
		BlobStore store = store();
		String key = newKey();
		store.delete(key);
		write(store, key, random(1000, 5));
		store.delete(key);
		store.delete(key);
		assertThatThrownBy(() -> store.open(key)).isInstanceOf(NoSuchFileException.class);
		assertThat(store.listKeysModifiedBefore(future())).isEmpty();
	}

	@Test
	void listing_respectsTheCutoff() throws IOException {
		BlobStore store = store();
		String first = newKey();
		String second = newKey();
		write(store, first, random(10, 6));
		write(store, second, random(10, 7));
		assertThat(store.listKeysModifiedBefore(past())).isEmpty();
		assertThat(store.listKeysModifiedBefore(future())).containsExactlyInAnyOrder(first, second);
	}

	@Test
	void abandonedWrites_areRemovedOnlyWhenOlderThanTheCutoff() throws IOException {
		BlobStore store = store();
		String committed = newKey();
		write(store, committed, random(10, 8));
		BlobStore.PendingObject abandoned = store.create(newKey());
		abandoned.stream().write(random(PART_SIZE + 1, 9));
		assertThat(store.deleteAbandonedWritesBefore(past())).isZero();
		assertThat(store.deleteAbandonedWritesBefore(future())).isEqualTo(1);
		assertThat(store.deleteAbandonedWritesBefore(future())).isZero();
		abandoned.close(); // after the sweeper: must not throw
		assertThat(store.listKeysModifiedBefore(future())).containsExactly(committed);
	}

	@Test
	void keysThatAreNotGeneratedIds_areRefused() throws IOException {
		BlobStore store = store();
		String valid = newKey();
		for (String key : new String[] { "../../etc/passwd", "..", "report.pdf", valid + "/x", "/" + valid,
				valid.toUpperCase(), "", valid.substring(0, valid.length() - 2), "a/" + valid, valid + "?x=1" }) {
			assertThatThrownBy(() -> store.create(key)).as(key).isInstanceOf(IllegalArgumentException.class);
			assertThatThrownBy(() -> store.open(key)).as(key).isInstanceOf(IllegalArgumentException.class);
			assertThatThrownBy(() -> store.size(key)).as(key).isInstanceOf(IllegalArgumentException.class);
			assertThatThrownBy(() -> store.delete(key)).as(key).isInstanceOf(IllegalArgumentException.class);
		}
		assertThat(store.listKeysModifiedBefore(future())).isEmpty();
	}

}
