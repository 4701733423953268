package dev.coffer.server.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalBlobStoreTest {

	static final String KEY = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0.0";

	@TempDir
	Path root;

	@Test
	void committedObject_isReadableAtAnyPosition_andOwnerOnly() throws IOException {
		LocalBlobStore store = new LocalBlobStore(this.root);
		try (BlobStore.PendingObject object = store.create(KEY)) {
			object.stream().write("hello, world".getBytes());
			object.stream().close(); // encryption layers close their sink; that must not
										// commit or fail
			object.commit();
		}
		assertThat(store.size(KEY)).isEqualTo(12);
		try (SeekableByteChannel channel = store.open(KEY)) {
			channel.position(7);
			ByteBuffer buffer = ByteBuffer.allocate(5);
			channel.read(buffer);
			assertThat(new String(buffer.array())).isEqualTo("world");
		}
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.pathOf(KEY))))
			.isEqualTo("rw-------");
	}

	@Test
	void uncommittedObject_isInvisible_andLeavesNoFile() throws IOException {
		LocalBlobStore store = new LocalBlobStore(this.root);
		try (BlobStore.PendingObject object = store.create(KEY)) {
			object.stream().write(new byte[1000]);
			assertThatThrownBy(() -> store.open(KEY)).isInstanceOf(NoSuchFileException.class);
		}
		try (Stream<Path> files = Files.walk(this.root)) {
			assertThat(files.filter(Files::isRegularFile)).isEmpty();
		}
	}

	@Test
	void keysThatAreNotGeneratedIds_areRefused() throws IOException {
		LocalBlobStore store = new LocalBlobStore(this.root);
		for (String key : new String[] { "../../etc/passwd", "..", "report.pdf", KEY + "/x", "/" + KEY,
				KEY.toUpperCase(), "", "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0" }) {
			assertThatThrownBy(() -> store.create(key)).as(key).isInstanceOf(IllegalArgumentException.class);
			assertThatThrownBy(() -> store.open(key)).as(key).isInstanceOf(IllegalArgumentException.class);
			assertThatThrownBy(() -> store.delete(key)).as(key).isInstanceOf(IllegalArgumentException.class);
		}
	}

	@Test
	void listing_andAbandonedWriteCleanup_respectTheCutoff() throws IOException {
		LocalBlobStore store = new LocalBlobStore(this.root);
		try (BlobStore.PendingObject object = store.create(KEY)) {
			object.stream().write(1);
			object.commit();
		}
		BlobStore.PendingObject abandoned = store.create("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f1.0");
		abandoned.stream().write(2);
		assertThat(store.listKeysModifiedBefore(Instant.now().minusSeconds(60))).isEmpty();
		assertThat(store.listKeysModifiedBefore(Instant.now().plusSeconds(60))).containsExactly(KEY);
		assertThat(store.deleteAbandonedWritesBefore(Instant.now().minusSeconds(60))).isZero();
		assertThat(store.deleteAbandonedWritesBefore(Instant.now().plusSeconds(60))).isEqualTo(1);
		abandoned.close();
		assertThat(store.listKeysModifiedBefore(Instant.now().plusSeconds(60))).containsExactly(KEY);
	}

	@Test
	void delete_isIdempotent() throws IOException {
		LocalBlobStore store = new LocalBlobStore(this.root);
		store.delete(KEY);
		try (BlobStore.PendingObject object = store.create(KEY)) {
			object.stream().write(1);
			object.commit();
		}
		store.delete(KEY);
		store.delete(KEY);
		assertThatThrownBy(() -> store.open(KEY)).isInstanceOf(NoSuchFileException.class);
	}

}
