package dev.coffer.server.storage;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects in an S3-compatible bucket, under an optional key prefix. A write is a
 * multipart upload whose parts are sent as the ciphertext arrives (at most two parts are
 * held in memory, nothing touches disk) and which is completed only on
 * {@link PendingObject#commit()}, so no reader ever sees a partial object; an object
 * smaller than one part is sent with a single PutObject at commit. A write closed
 * uncommitted is aborted; one a crash left behind is aborted by
 * {@link #deleteAbandonedWritesBefore}. Reads are ranged GETs, streamed, so a seekable
 * decryptor reading segment after segment costs a handful of requests, not one per
 * segment.
 */
public class S3BlobStore implements BlobStore, AutoCloseable {

	/** S3's smallest part (all but the last part of a multipart upload). */
	public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

	/** S3's largest part. Parts are buffered in arrays, which caps them lower still. */
	static final long MAX_PART_SIZE = 1024L * 1024 * 1024;

	private static final Pattern VALID_PREFIX = Pattern.compile("([A-Za-z0-9._-]+/)*");

	private final S3Client s3;

	private final String bucket;

	private final String prefix;

	private final int partSize;

	/**
	 * @param s3 the client, closed with this store
	 * @param prefix prepended to every key; empty, or path segments each ending in
	 * {@code /} (a missing final {@code /} is added)
	 * @param partSize ciphertext bytes per multipart-upload part, at least
	 * {@link #MIN_PART_SIZE}
	 * @throws IllegalArgumentException if the prefix or part size is not acceptable
	 */
	public S3BlobStore(S3Client s3, String bucket, String prefix, long partSize) {
		this.s3 = s3;
		this.bucket = bucket;
		this.prefix = normalizePrefix(prefix);
		if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
			throw new IllegalArgumentException(
					"The S3 part size must be between 5MB and 1GB, not " + partSize + " bytes");
		}
		this.partSize = (int) partSize;
	}

	static String normalizePrefix(String prefix) {
		String normalized = (prefix == null || prefix.isEmpty() || prefix.endsWith("/")) ? prefix : prefix + "/";
		if (normalized == null || normalized.isEmpty()) {
			return "";
		}
		if (!VALID_PREFIX.matcher(normalized).matches() || normalized.contains("/../") || normalized.startsWith("../")
				|| normalized.contains("/./") || normalized.startsWith("./")) {
			throw new IllegalArgumentException("The S3 key prefix '" + prefix
					+ "' is not valid: use letters, digits, '.', '_', '-' and '/' between segments, e.g. 'coffer/'");
		}
		return normalized;
	}

	/**
	 * Proves that the bucket exists and these credentials may use it.
	 * @throws IllegalStateException with a message an operator can act on
	 */
	public void checkBucket(String endpointDescription) {
		try {
			this.s3.headBucket((request) -> request.bucket(this.bucket));
		}
		catch (NoSuchBucketException ex) {
			throw new IllegalStateException("The S3 bucket '" + this.bucket + "' does not exist at "
					+ endpointDescription + "; create it first", ex);
		}
		catch (S3Exception ex) {
			String reason = (ex.statusCode() == 403) ? "access is denied: check the credentials and the bucket policy"
					: (ex.statusCode() == 404) ? "it does not exist; create it first"
							: "the service answered HTTP " + ex.statusCode();
			throw new IllegalStateException(
					"Cannot use the S3 bucket '" + this.bucket + "' at " + endpointDescription + ": " + reason, ex);
		}
		catch (SdkException ex) {
			throw new IllegalStateException("Cannot reach the S3 bucket '" + this.bucket + "' at " + endpointDescription
					+ ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public PendingObject create(String key) throws IOException {
		return new S3PendingObject(this.s3, this.bucket, nameOf(key), this.partSize);
	}

	@Override
	public SeekableByteChannel open(String key) throws IOException {
		String name = nameOf(key);
		return new S3ObjectChannel(this.s3, this.bucket, name, sizeOfObject(name, key));
	}

	@Override
	public long size(String key) throws IOException {
		return sizeOfObject(nameOf(key), key);
	}

	private long sizeOfObject(String name, String key) throws IOException {
		try {
			return this.s3.headObject((request) -> request.bucket(this.bucket).key(name)).contentLength();
		}
		catch (S3Exception ex) {
			if (ex.statusCode() == 404) {
				throw new NoSuchFileException(key);
			}
			throw failure("HeadObject", ex);
		}
		catch (SdkException ex) {
			throw failure("HeadObject", ex);
		}
	}

	@Override
	public void delete(String key) throws IOException {
		String name = nameOf(key);
		try {
			this.s3.deleteObject((request) -> request.bucket(this.bucket).key(name));
		}
		catch (SdkException ex) {
			throw failure("DeleteObject", ex);
		}
	}

	@Override
	public List<String> listKeysModifiedBefore(Instant cutoff) throws IOException {
		List<String> keys = new ArrayList<>();
		try {
			for (S3Object object : this.s3
				.listObjectsV2Paginator((request) -> request.bucket(this.bucket).prefix(this.prefix))
				.contents()) {
				String key = object.key().substring(this.prefix.length());
				if (ObjectKeys.isValid(key) && object.lastModified().isBefore(cutoff)) {
					keys.add(key);
				}
			}
		}
		catch (SdkException ex) {
			throw failure("ListObjectsV2", ex);
		}
		return keys;
	}

	@Override
	public int deleteAbandonedWritesBefore(Instant cutoff) throws IOException {
		int aborted = 0;
		try {
			for (MultipartUpload upload : this.s3
				.listMultipartUploadsPaginator((request) -> request.bucket(this.bucket).prefix(this.prefix))
				.uploads()) {
				if (ObjectKeys.isValid(upload.key().substring(this.prefix.length()))
						&& upload.initiated().isBefore(cutoff) && lastActivity(upload).isBefore(cutoff)) {
					this.s3.abortMultipartUpload(
							(request) -> request.bucket(this.bucket).key(upload.key()).uploadId(upload.uploadId()));
					aborted++;
				}
			}
		}
		catch (SdkException ex) {
			throw failure("AbortMultipartUpload", ex);
		}
		return aborted;
	}

	/**
	 * When an upload last made progress: its newest part, or its start if it has none. A
	 * long upload that is still sending parts is not abandoned, however long ago it
	 * started (as a local temporary file still being written is not).
	 */
	private Instant lastActivity(MultipartUpload upload) {
		Instant last = upload.initiated();
		try {
			for (var part : this.s3
				.listPartsPaginator(
						(request) -> request.bucket(this.bucket).key(upload.key()).uploadId(upload.uploadId()))
				.parts()) {
				if (part.lastModified() != null && part.lastModified().isAfter(last)) {
					last = part.lastModified();
				}
			}
		}
		catch (NoSuchUploadException ex) {
			// Completed or aborted since it was listed: not abandoned.
			return Instant.MAX;
		}
		return last;
	}

	/** Releases the client's connections. */
	@Override
	public void close() {
		this.s3.close();
	}

	/** The S3 key of an object: a validated Coffer key under the prefix. */
	String nameOf(String key) {
		return this.prefix + ObjectKeys.requireValid(key);
	}

	static IOException failure(String operation, SdkException ex) {
		return new IOException("S3 " + operation + " failed: " + ex.getMessage(), ex);
	}

}
