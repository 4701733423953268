package dev.coffer.server.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.crypto.BlobIntegrityException;
import dev.coffer.server.storage.BlobStore;
import dev.coffer.server.storage.EncryptedBlobs;
import dev.coffer.server.storage.StoredBlob;
import dev.coffer.server.support.S3Server;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole server on S3 storage ({@code coffer.storage.type=s3}) against a real
 * S3-protocol server process: encrypted round trips over several multipart parts, Range
 * reads through decryption, tampering, interrupted uploads, the orphan sweeper, and
 * uploads and downloads over HTTPS.
 */
class S3StorageTest {

	static final int PART_SIZE = 5 * 1024 * 1024;

	/** Tink's header (40 bytes) and one 16-byte tag per 1 MiB segment. */
	static final int PLAINTEXT_OF_EXACTLY_ONE_PART = PART_SIZE - 40 - 5 * 16;

	static final EncryptedBlobs.SizeLimit LIMIT = new EncryptedBlobs.SizeLimit(1L << 30, "too large");

	static final String PREFIX = S3Server.newPrefix();

	static TestServer server;

	static S3Client inspector;

	static EncryptedBlobs blobs;

	@BeforeAll
	static void start() {
		List<String> properties = new ArrayList<>(List.of(S3Server.get().serverProperties(PREFIX, "5MB")));
		properties.add("coffer.files.orphan-grace-period=1s");
		server = TestServer.start(properties.toArray(String[]::new));
		inspector = S3Server.get().client();
		blobs = server.bean(EncryptedBlobs.class);
	}

	@AfterAll
	static void stop() {
		server.stop();
		inspector.close();
	}

	@Test
	void encryptedBlobs_roundTrip_atPartBoundarySizes() throws IOException {
		for (int size : new int[] { 1, PLAINTEXT_OF_EXACTLY_ONE_PART, PART_SIZE * 3 + PART_SIZE / 2 }) {
			byte[] content = FilesApiTest.random(size, size);
			StoredBlob blob = blobs.store(new ByteArrayInputStream(content), LIMIT);
			assertThat(blob.size()).isEqualTo(size);
			assertThat(blob.parts().get(0).ciphertextSize()).as("recorded ciphertext size of %d bytes", size)
				.isEqualTo(inspector.headObject((r) -> r.bucket(S3Server.BUCKET).key(PREFIX + blob.blobId() + ".0"))
					.contentLength());
			if (size == PLAINTEXT_OF_EXACTLY_ONE_PART) {
				assertThat(blob.parts().get(0).ciphertextSize()).as("ciphertext of one S3 part").isEqualTo(PART_SIZE);
			}
			try (SeekableByteChannel plaintext = blobs.open(blob.blobId(), blob.wrappedKey(), blob.parts())) {
				assertThat(plaintext.size()).isEqualTo(size);
				assertThat(read(plaintext, 0, size + 1)).as("%d bytes", size).isEqualTo(content);
			}
		}
	}

	@Test
	void emptyUpload_storesOneObjectOfCiphertext_thatReadsBackEmpty() throws IOException {
		List<String> before = objects();
		StoredBlob blob = blobs.store(new ByteArrayInputStream(new byte[0]), LIMIT);
		assertThat(blob.size()).isZero();
		assertThat(objects()).hasSize(before.size() + 1);
		try (SeekableByteChannel plaintext = blobs.open(blob.blobId(), blob.wrappedKey(), blob.parts())) {
			assertThat(plaintext.size()).isZero();
			assertThat(plaintext.read(java.nio.ByteBuffer.allocate(16))).isEqualTo(-1);
		}
	}

	@Test
	void rangeReads_throughDecryption_returnExactlyThoseBytes() throws IOException {
		byte[] content = FilesApiTest.random(PART_SIZE * 3 + PART_SIZE / 2, 21);
		StoredBlob blob = blobs.store(new ByteArrayInputStream(content), LIMIT);
		int segment = 1024 * 1024;
		int[] offsets = { 0, segment - 100, PART_SIZE - 7, PART_SIZE + 1, 2 * PART_SIZE + segment / 2,
				content.length - 5000, 3 * segment - 1, 42 };
		try (SeekableByteChannel plaintext = blobs.open(blob.blobId(), blob.wrappedKey(), blob.parts())) {
			for (int offset : offsets) {
				int end = Math.min(content.length, offset + 300_000);
				assertThat(read(plaintext, offset, end - offset)).as("at %d", offset)
					.isEqualTo(Arrays.copyOfRange(content, offset, end));
			}
		}
	}

	@Test
	void tamperedObject_failsIntegrity_whereItWasChanged() throws IOException {
		byte[] content = FilesApiTest.random(PART_SIZE * 2 + 1000, 22);
		StoredBlob blob = blobs.store(new ByteArrayInputStream(content), LIMIT);
		String name = PREFIX + blob.blobId() + ".0";
		byte[] stored = inspector.getObjectAsBytes((r) -> r.bucket(S3Server.BUCKET).key(name)).asByteArray();
		int flipped = PART_SIZE + 4096; // in the sixth segment, in the second S3 part
		stored[flipped] ^= 0x01;
		inspector.putObject((r) -> r.bucket(S3Server.BUCKET).key(name), RequestBody.fromBytes(stored));

		try (SeekableByteChannel plaintext = blobs.open(blob.blobId(), blob.wrappedKey(), blob.parts())) {
			assertThat(read(plaintext, 0, 1000)).isEqualTo(Arrays.copyOf(content, 1000));
			assertThatThrownBy(() -> read(plaintext, PART_SIZE - 1000, 10_000))
				.isInstanceOf(BlobIntegrityException.class);
		}
	}

	@Test
	void interruptedUpload_abortsTheMultipartUpload_andLeavesNothing() {
		List<String> before = objects();
		InputStream failing = new InputStream() {
			long left = 3L * PART_SIZE;

			@Override
			public int read() throws IOException {
				byte[] one = new byte[1];
				return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xff;
			}

			@Override
			public int read(byte[] b, int off, int len) throws IOException {
				if (this.left <= 0) {
					throw new IOException("client went away");
				}
				int n = (int) Math.min(len, this.left);
				Arrays.fill(b, off, off + n, (byte) 'x');
				this.left -= n;
				return n;
			}
		};
		assertThatThrownBy(() -> blobs.store(failing, LIMIT)).isInstanceOf(IOException.class)
			.hasMessage("client went away");
		assertThat(multipartUploads()).isEmpty();
		assertThat(objects()).isEqualTo(before);
	}

	@Test
	void sweeper_removesUnreferencedObjectsAndAbandonedUploads_keepsReferencedOnes() throws Exception {
		WebClient user = signedUp("sweeper-user");
		List<String> before = objects();
		String id = FilesApiTest.idOf(FilesApiTest.putAs(user, "kept.bin", FilesApiTest.random(1000, 23)));
		String kept = newObject(before);
		String orphan = "abcdef01-2345-6789-abcd-ef0123456789.0";
		BlobStore store = server.bean(BlobStore.class);
		try (BlobStore.PendingObject object = store.create(orphan)) {
			object.stream().write(new byte[100]);
			object.commit();
		}
		BlobStore.PendingObject abandoned = store.create("abcdef01-2345-6789-abcd-ef0123456780.0");
		abandoned.stream().write(new byte[PART_SIZE + 1]);
		assertThat(multipartUploads()).hasSize(1);
		Thread.sleep(2500); // past the 1 s grace period, at S3's one-second precision

		server.bean(OrphanSweeper.class).sweep();

		assertThat(objects()).contains(kept).doesNotContain(PREFIX + orphan);
		assertThat(multipartUploads()).isEmpty();
		HttpResponse<byte[]> download = user.sendForBytes(user.apiRequest(FilesApiTest.contentPath(id)).GET().build());
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.body()).isEqualTo(FilesApiTest.random(1000, 23));
		abandoned.close();
	}

	@Test
	void uploadAndRangedDownload_overHttps_areExact_andTheObjectIsNotPlaintext() {
		WebClient user = signedUp("s3-user");
		String marker = "COFFER-PLAINTEXT-MARKER-" + System.nanoTime();
		byte[] content = (marker + " ").repeat(PART_SIZE * 2 / marker.length()).getBytes(StandardCharsets.US_ASCII);
		List<String> before = objects();
		HttpResponse<String> upload = FilesApiTest.putAs(user, "marked.txt", content);
		assertThat(upload.statusCode()).isEqualTo(201);
		String path = FilesApiTest.contentPath(FilesApiTest.idOf(upload));

		HttpResponse<byte[]> whole = user.sendForBytes(user.apiRequest(path).GET().build());
		assertThat(whole.statusCode()).isEqualTo(200);
		assertThat(whole.body()).isEqualTo(content);
		int from = PART_SIZE - 3000;
		int to = PART_SIZE + 1_500_000;
		HttpResponse<byte[]> range = user
			.sendForBytes(user.apiRequest(path).header("Range", "bytes=" + from + "-" + to).GET().build());
		assertThat(range.statusCode()).isEqualTo(206);
		assertThat(range.body()).isEqualTo(Arrays.copyOfRange(content, from, to + 1));

		String name = newObject(before);
		byte[] stored = inspector.getObjectAsBytes((r) -> r.bucket(S3Server.BUCKET).key(name)).asByteArray();
		assertThat(stored.length).isGreaterThan(content.length);
		assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(marker);
	}

	static WebClient signedUp(String name) {
		WebClient user = server.client();
		user.signUp(name, FileStorageTest.PASSWORD);
		user.login(name, FileStorageTest.PASSWORD);
		return user;
	}

	static byte[] read(SeekableByteChannel channel, long position, int length) throws IOException {
		channel.position(position);
		ByteBuffer buffer = ByteBuffer.allocate(length);
		while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
			// until full or at the end
		}
		return Arrays.copyOf(buffer.array(), buffer.position());
	}

	static List<String> objects() {
		return inspector.listObjectsV2Paginator((r) -> r.bucket(S3Server.BUCKET).prefix(PREFIX))
			.contents()
			.stream()
			.map(S3Object::key)
			.toList();
	}

	static String newObject(List<String> before) {
		List<String> added = new ArrayList<>(objects());
		added.removeAll(before);
		assertThat(added).hasSize(1);
		return added.get(0);
	}

	static List<String> multipartUploads() {
		return inspector.listMultipartUploads((r) -> r.bucket(S3Server.BUCKET).prefix(PREFIX))
			.uploads()
			.stream()
			.map((upload) -> upload.key())
			.toList();
	}

}
