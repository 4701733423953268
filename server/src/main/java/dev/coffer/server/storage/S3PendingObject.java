package dev.coffer.server.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * One object being written to S3. Bytes collect in a buffer of one part; a full buffer is
 * sent as the next part of a multipart upload on a virtual thread while the writer fills
 * a second buffer, so encryption and upload overlap and at most two parts of ciphertext
 * are ever held. The multipart upload is created with the first full part and completed
 * on commit; an object that never fills a part is sent with one PutObject at commit.
 * Closing uncommitted aborts the upload.
 */
final class S3PendingObject implements BlobStore.PendingObject {

	private static final String CONTENT_TYPE = "application/octet-stream";

	/** The first buffer's size: small objects do not cost a whole part of memory. */
	private static final int FIRST_BUFFER_SIZE = 64 * 1024;

	private final S3Client s3;

	private final String bucket;

	private final String name;

	private final int partSize;

	private final List<CompletedPart> parts = new ArrayList<>();

	private final OutputStream stream = new PartStream();

	private byte[] buffer;

	private int filled;

	private byte[] spare;

	private String uploadId;

	private FutureTask<CompletedPart> inFlight;

	private byte[] inFlightBuffer;

	private boolean committed;

	S3PendingObject(S3Client s3, String bucket, String name, int partSize) {
		this.s3 = s3;
		this.bucket = bucket;
		this.name = name;
		this.partSize = partSize;
		this.buffer = new byte[Math.min(FIRST_BUFFER_SIZE, partSize)];
	}

	@Override
	public OutputStream stream() {
		return this.stream;
	}

	@Override
	public void commit() throws IOException {
		if (this.committed) {
			return;
		}
		try {
			if (this.uploadId == null) {
				byte[] data = this.buffer;
				int length = this.filled;
				this.s3.putObject((request) -> request.bucket(this.bucket).key(this.name).contentLength((long) length),
						body(data, length));
			}
			else {
				awaitInFlight();
				this.parts.add(uploadPart(this.parts.size() + 1, this.buffer, this.filled));
				this.s3.completeMultipartUpload((request) -> request.bucket(this.bucket)
					.key(this.name)
					.uploadId(this.uploadId)
					.multipartUpload((upload) -> upload.parts(this.parts)));
			}
		}
		catch (SdkException ex) {
			throw S3BlobStore.failure("upload", ex);
		}
		this.committed = true;
		this.buffer = null;
		this.spare = null;
	}

	@Override
	public void close() {
		if (this.committed) {
			return;
		}
		this.buffer = null;
		this.spare = null;
		if (this.uploadId == null) {
			return;
		}
		try {
			// A part still being sent would otherwise land after the abort.
			awaitInFlight();
		}
		catch (IOException | RuntimeException ex) {
			// Aborting anyway.
		}
		try {
			this.s3
				.abortMultipartUpload((request) -> request.bucket(this.bucket).key(this.name).uploadId(this.uploadId));
		}
		catch (SdkException ex) {
			// The orphan sweeper aborts it later.
		}
	}

	private void write(byte[] bytes, int offset, int length) throws IOException {
		Objects.checkFromIndexSize(offset, length, bytes.length);
		if (this.committed || this.buffer == null) {
			throw new IOException("The object is already committed or discarded");
		}
		while (length > 0) {
			if (this.filled == this.buffer.length) {
				makeRoom();
			}
			int chunk = Math.min(length, this.buffer.length - this.filled);
			System.arraycopy(bytes, offset, this.buffer, this.filled, chunk);
			this.filled += chunk;
			offset += chunk;
			length -= chunk;
		}
	}

	/**
	 * Grows a small buffer, or sends a full part: only when more bytes arrive, so the
	 * last part is never empty.
	 */
	private void makeRoom() throws IOException {
		if (this.buffer.length < this.partSize) {
			this.buffer = Arrays.copyOf(this.buffer, Math.min(this.buffer.length * 4, this.partSize));
			return;
		}
		awaitInFlight();
		try {
			if (this.uploadId == null) {
				this.uploadId = this.s3
					.createMultipartUpload(
							(request) -> request.bucket(this.bucket).key(this.name).contentType(CONTENT_TYPE))
					.uploadId();
			}
		}
		catch (SdkException ex) {
			throw S3BlobStore.failure("CreateMultipartUpload", ex);
		}
		int number = this.parts.size() + 1;
		byte[] data = this.buffer;
		int length = this.filled;
		this.inFlight = new FutureTask<>(() -> uploadPart(number, data, length));
		this.inFlightBuffer = data;
		Thread.ofVirtual().name("s3-upload-part").start(this.inFlight);
		this.buffer = (this.spare != null) ? this.spare : new byte[this.partSize];
		this.spare = null;
		this.filled = 0;
	}

	private void awaitInFlight() throws IOException {
		if (this.inFlight == null) {
			return;
		}
		try {
			this.parts.add(this.inFlight.get());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while sending a part to S3");
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof SdkException sdk) {
				throw S3BlobStore.failure("UploadPart", sdk);
			}
			throw new IOException("S3 UploadPart failed", ex.getCause());
		}
		finally {
			this.spare = this.inFlightBuffer;
			this.inFlight = null;
			this.inFlightBuffer = null;
		}
	}

	private CompletedPart uploadPart(int number, byte[] data, int length) {
		String eTag = this.s3
			.uploadPart((request) -> request.bucket(this.bucket)
				.key(this.name)
				.uploadId(this.uploadId)
				.partNumber(number)
				.contentLength((long) length), body(data, length))
			.eTag();
		return CompletedPart.builder().partNumber(number).eTag(eTag).build();
	}

	/** The bytes, without a copy; a retried request reads them again from the start. */
	private static RequestBody body(byte[] data, int length) {
		return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data, 0, length), length, CONTENT_TYPE);
	}

	/**
	 * The writer's view. Closing it does nothing: encryption layers close their sink, and
	 * only commit() or close() of the pending object decide what happens.
	 */
	private final class PartStream extends OutputStream {

		@Override
		public void write(int b) throws IOException {
			S3PendingObject.this.write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			S3PendingObject.this.write(bytes, offset, length);
		}

		@Override
		public void close() {
		}

	}

}
