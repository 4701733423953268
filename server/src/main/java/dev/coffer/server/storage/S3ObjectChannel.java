package dev.coffer.server.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Random-access reads of one S3 object through ranged GETs whose bodies are streamed. A
 * read continues the current response while it is sequential; each follow-up range is
 * twice as long as the one before (1 MiB up to 64 MiB), so reading a whole object costs a
 * few requests and a Range request near the end of a large object does not fetch the rest
 * of it. A seek elsewhere starts a new range. Nothing is buffered here beyond the HTTP
 * client's socket buffer. A response that breaks off mid-way is resumed once from where
 * it stopped.
 */
final class S3ObjectChannel extends ReadOnlyChannel {

	static final long FIRST_RANGE = 1024 * 1024;

	static final long MAX_RANGE = 64 * 1024 * 1024;

	/**
	 * Up to this many unread bytes are read to the end before a response is closed, so
	 * the connection can be reused; more are cut off.
	 */
	private static final long DRAIN_LIMIT = 64 * 1024;

	private final S3Client s3;

	private final String bucket;

	private final String name;

	private ResponseInputStream<GetObjectResponse> body;

	private long bodyPosition;

	private long bodyEnd;

	private long rangeLength;

	S3ObjectChannel(S3Client s3, String bucket, String name, long size) {
		super(size);
		this.s3 = s3;
		this.bucket = bucket;
		this.name = name;
	}

	@Override
	int readAt(long position, ByteBuffer dst) throws IOException {
		int read;
		try {
			read = readFromBody(position, dst);
		}
		catch (IOException ex) {
			// A connection closed by the service or a proxy: resume where it broke off.
			closeBody();
			read = readFromBody(position, dst);
		}
		this.bodyPosition += read;
		dst.position(dst.position() + read);
		return read;
	}

	private int readFromBody(long position, ByteBuffer dst) throws IOException {
		if (this.body == null || this.bodyPosition != position || this.bodyPosition >= this.bodyEnd) {
			openRange(position);
		}
		int wanted = (int) Math.min(dst.remaining(), this.bodyEnd - this.bodyPosition);
		int read;
		if (dst.hasArray()) {
			read = this.body.read(dst.array(), dst.arrayOffset() + dst.position(), wanted);
		}
		else {
			byte[] chunk = new byte[Math.min(wanted, 64 * 1024)];
			read = this.body.read(chunk);
			if (read > 0) {
				dst.duplicate().put(chunk, 0, read);
			}
		}
		if (read <= 0) {
			throw new IOException("S3 object " + this.name + " ended before its size");
		}
		return read;
	}

	private void openRange(long position) throws IOException {
		boolean sequential = this.body != null && this.bodyPosition == position;
		closeBody();
		this.rangeLength = sequential ? Math.min(this.rangeLength * 2, MAX_RANGE) : FIRST_RANGE;
		long end = Math.min(size(), position + this.rangeLength);
		String range = "bytes=" + position + "-" + (end - 1);
		try {
			this.body = this.s3.getObject((request) -> request.bucket(this.bucket).key(this.name).range(range));
		}
		catch (S3Exception ex) {
			if (ex.statusCode() == 404) {
				throw new NoSuchFileException(this.name);
			}
			throw S3BlobStore.failure("GetObject", ex);
		}
		catch (SdkException ex) {
			throw S3BlobStore.failure("GetObject", ex);
		}
		this.bodyPosition = position;
		this.bodyEnd = end;
	}

	private void closeBody() {
		if (this.body == null) {
			return;
		}
		try (InputStream closing = this.body) {
			if (this.bodyEnd - this.bodyPosition > DRAIN_LIMIT) {
				this.body.abort();
			}
			else {
				closing.transferTo(OutputStream.nullOutputStream());
			}
		}
		catch (IOException | RuntimeException ex) {
			// The connection is dropped rather than reused; nothing else depends on it.
		}
		this.body = null;
	}

	@Override
	void release() {
		closeBody();
	}

}
