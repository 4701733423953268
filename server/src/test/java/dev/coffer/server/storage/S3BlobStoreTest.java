package dev.coffer.server.storage;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.coffer.server.CofferProperties;
import dev.coffer.server.support.S3Server;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link BlobStore} contract on a real S3-protocol server (S3Mock, a separate
 * process), plus what is particular to S3: multipart uploads, ranged reads, the prefix,
 * and the start-up check.
 */
class S3BlobStoreTest extends BlobStoreContract {

	private final List<String> operations = Collections.synchronizedList(new ArrayList<>());

	private final List<AutoCloseable> toClose = new ArrayList<>();

	private String prefix;

	private S3Client inspector;

	@Override
	S3BlobStore store() {
		this.prefix = S3Server.newPrefix();
		S3Client client = S3Server.get().client(new OperationRecorder(this.operations));
		S3BlobStore store = new S3BlobStore(client, S3Server.BUCKET, this.prefix, PART_SIZE);
		this.toClose.add(store);
		this.inspector = S3Server.get().client();
		this.toClose.add(this.inspector);
		return store;
	}

	@AfterEach
	void closeClients() throws Exception {
		for (AutoCloseable closeable : this.toClose) {
			closeable.close();
		}
	}

	@Test
	void largeObject_isUploadedInParts_smallObject_withOnePut() throws IOException {
		S3BlobStore store = store();
		write(store, newKey(), random(3 * PART_SIZE + PART_SIZE / 2, 11));
		assertThat(this.operations).containsExactly("CreateMultipartUpload", "UploadPart", "UploadPart", "UploadPart",
				"UploadPart", "CompleteMultipartUpload");
		this.operations.clear();
		write(store, newKey(), random(PART_SIZE, 12));
		assertThat(this.operations).containsExactly("PutObject");
	}

	@Test
	void closeWithoutCommit_abortsTheMultipartUpload() throws IOException {
		S3BlobStore store = store();
		try (BlobStore.PendingObject object = store.create(newKey())) {
			object.stream().write(random(2 * PART_SIZE + 1, 13));
		}
		assertThat(this.operations).contains("AbortMultipartUpload");
		assertThat(this.inspector.listMultipartUploads((r) -> r.bucket(S3Server.BUCKET).prefix(this.prefix)).uploads())
			.isEmpty();
		assertThat(objectsUnderPrefix()).isEmpty();
	}

	/**
	 * A multipart upload's start time never changes; a long upload that is still sending
	 * parts must not be taken for an abandoned one once it is older than the grace
	 * period.
	 */
	@Test
	void anUploadStillSendingParts_isNotAbandoned_howeverLongAgoItStarted() throws Exception {
		S3BlobStore store = store();
		try (BlobStore.PendingObject object = store.create(newKey())) {
			object.stream().write(random(PART_SIZE + 1, 15));
			awaitParts(1);
			java.time.Instant afterFirstPart = java.time.Instant.now();
			// S3 servers may keep times to the second.
			Thread.sleep(1100);
			object.stream().write(random(PART_SIZE, 16));
			awaitParts(2);

			assertThat(store.deleteAbandonedWritesBefore(afterFirstPart)).as("started before, active since").isZero();
			assertThat(
					this.inspector.listMultipartUploads((r) -> r.bucket(S3Server.BUCKET).prefix(this.prefix)).uploads())
				.hasSize(1);
			assertThat(store.deleteAbandonedWritesBefore(java.time.Instant.now().plusSeconds(2)))
				.as("no part since the cutoff")
				.isEqualTo(1);
		}
	}

	private void awaitParts(int count) throws InterruptedException {
		long deadline = System.nanoTime() + 30_000_000_000L;
		while (System.nanoTime() < deadline) {
			var uploads = this.inspector.listMultipartUploads((r) -> r.bucket(S3Server.BUCKET).prefix(this.prefix))
				.uploads();
			if (!uploads.isEmpty() && this.inspector
				.listParts(
						(r) -> r.bucket(S3Server.BUCKET).key(uploads.get(0).key()).uploadId(uploads.get(0).uploadId()))
				.parts()
				.size() >= count) {
				return;
			}
			Thread.sleep(50);
		}
		throw new AssertionError("The upload never had " + count + " part(s)");
	}

	@Test
	void sequentialRead_ofAWholeObject_takesAFewGetsNotOnePerSegment() throws IOException {
		S3BlobStore store = store();
		String key = newKey();
		byte[] content = random(3 * PART_SIZE + PART_SIZE / 2, 14);
		write(store, key, content);
		this.operations.clear();
		try (SeekableByteChannel channel = store.open(key)) {
			ByteBuffer segment = ByteBuffer.allocate(1024 * 1024);
			long total = 0;
			int read;
			while ((read = channel.read(segment.clear())) >= 0) {
				total += read;
			}
			assertThat(total).isEqualTo(content.length);
		}
		// 1 + 2 + 4 + 8 + 16 MiB ranges cover 17.5 MiB; one GET per 1 MiB segment would
		// be 18.
		assertThat(this.operations.stream().filter("GetObject"::equals).count()).isEqualTo(5);
	}

	@Test
	void objectsLiveUnderThePrefix_andForeignObjectsThereAreIgnored() throws IOException {
		S3BlobStore store = store();
		String key = newKey();
		write(store, key, random(100, 15));
		String foreign = this.prefix + "notes.txt";
		String nested = this.prefix + "sub/" + newKey();
		this.inspector.putObject((r) -> r.bucket(S3Server.BUCKET).key(foreign), RequestBody.fromString("x"));
		this.inspector.putObject((r) -> r.bucket(S3Server.BUCKET).key(nested), RequestBody.fromString("x"));
		assertThat(objectsUnderPrefix()).containsExactlyInAnyOrder(this.prefix + key, foreign, nested);
		assertThat(store.listKeysModifiedBefore(future())).containsExactly(key);
	}

	@Test
	void missingBucket_failsTheStart_withAClearMessage() {
		CofferProperties.Storage.S3 settings = S3Server.get().settings("", "5MB");
		CofferProperties.Storage.S3 missing = new CofferProperties.Storage.S3(settings.endpoint(), settings.region(),
				"no-such-bucket", "", true, settings.accessKey(), settings.secretKey(), settings.partSize());
		assertThatThrownBy(() -> StorageConfiguration.s3BlobStore(missing)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("'no-such-bucket' does not exist at " + settings.endpoint());
	}

	@Test
	void unreachableEndpoint_failsTheStart_withAClearMessage() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		CofferProperties.Storage.S3 settings = S3Server.get().settings("", "5MB");
		URI endpoint = URI.create("http://127.0.0.1:" + closedPort);
		CofferProperties.Storage.S3 unreachable = new CofferProperties.Storage.S3(endpoint, null, S3Server.BUCKET, "",
				true, settings.accessKey(), settings.secretKey(), settings.partSize());
		assertThatThrownBy(() -> StorageConfiguration.s3BlobStore(unreachable))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageStartingWith("Cannot reach the S3 bucket '" + S3Server.BUCKET + "' at " + endpoint);
	}

	@Test
	void unacceptableSettings_areRefusedAtStart() {
		CofferProperties.Storage.S3 good = S3Server.get().settings("", "5MB");
		assertThatThrownBy(() -> StorageConfiguration.s3BlobStore(S3Server.get().settings("", "4MB")))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("part size must be between 5MB");
		for (String prefix : new String[] { "../x", "a/../b/", "/abs/", "a//b", "sp ace/" }) {
			assertThatThrownBy(() -> StorageConfiguration.s3BlobStore(S3Server.get().settings(prefix, "5MB")))
				.as(prefix)
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("prefix");
		}
		CofferProperties.Storage.S3 halfCredentials = new CofferProperties.Storage.S3(good.endpoint(), null,
				S3Server.BUCKET, "", true, good.accessKey(), null, good.partSize());
		assertThatThrownBy(() -> StorageConfiguration.s3BlobStore(halfCredentials))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("access-key");
		CofferProperties.Storage.S3 noBucket = new CofferProperties.Storage.S3(good.endpoint(), null, null, "", true,
				good.accessKey(), good.secretKey(), good.partSize());
		assertThatThrownBy(() -> StorageConfiguration.s3BlobStore(noBucket)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("coffer.storage.s3.bucket");
	}

	@Test
	void prefixWithoutTrailingSlash_getsOne() {
		assertThat(S3BlobStore.normalizePrefix("coffer")).isEqualTo("coffer/");
		assertThat(S3BlobStore.normalizePrefix("a/b/")).isEqualTo("a/b/");
		assertThat(S3BlobStore.normalizePrefix("")).isEmpty();
		assertThat(S3BlobStore.normalizePrefix(null)).isEmpty();
	}

	private List<String> objectsUnderPrefix() {
		return this.inspector.listObjectsV2Paginator((r) -> r.bucket(S3Server.BUCKET).prefix(this.prefix))
			.contents()
			.stream()
			.map(S3Object::key)
			.toList();
	}

	/** Records the name of every S3 operation the store's client performs. */
	private record OperationRecorder(List<String> operations) implements ExecutionInterceptor {

		@Override
		public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
			this.operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
		}

	}

}
