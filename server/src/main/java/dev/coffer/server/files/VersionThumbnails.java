package dev.coffer.server.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

import dev.coffer.crypto.BlobCipher;
import dev.coffer.server.CofferProperties;
import dev.coffer.server.files.ThumbnailRepository.StoredThumbnail;
import dev.coffer.server.storage.BlobPart;
import dev.coffer.server.storage.EncryptedBlobs;
import dev.coffer.server.storage.StoredBlob;

/**
 * The thumbnails of image versions, made the first time one is asked for and kept: a blob
 * of its own, encrypted under a fresh data key like a version's content, recorded in
 * {@code version_thumbnails}. Made lazily, so that an upload never waits for one and
 * versions nobody lists in a page are never decoded. Knows nothing of who asks: callers
 * check access first.
 */
@Component
class VersionThumbnails {

	private static final Logger logger = LoggerFactory.getLogger(VersionThumbnails.class);

	private static final EncryptedBlobs.SizeLimit NO_LIMIT = new EncryptedBlobs.SizeLimit(Long.MAX_VALUE, "");

	private final FileService files;

	private final ThumbnailRepository thumbnails;

	private final EncryptedBlobs blobs;

	private final CofferProperties coffer;

	private final Clock clock;

	VersionThumbnails(FileService files, ThumbnailRepository thumbnails, EncryptedBlobs blobs, CofferProperties coffer,
			Clock clock) {
		this.files = files;
		this.thumbnails = thumbnails;
		this.blobs = blobs;
		this.coffer = coffer;
		this.clock = clock;
	}

	/**
	 * The version's thumbnail, made now if it was never asked for; empty if it has none
	 * (not an image, an image too large or not decodable, or deleted meanwhile).
	 * @throws dev.coffer.crypto.BlobIntegrityException if the content or the thumbnail
	 * fails authentication
	 */
	Optional<ThumbnailImage> find(FileVersion version) throws IOException {
		Optional<StoredThumbnail> stored = this.thumbnails.find(version.id());
		if (stored.isEmpty()) {
			stored = make(version);
		}
		if (stored.isEmpty() || !stored.get().exists()) {
			return Optional.empty();
		}
		return Optional.of(read(stored.get()));
	}

	/** Makes the version's thumbnail (or records that it has none) and records it. */
	private Optional<StoredThumbnail> make(FileVersion version) throws IOException {
		PreviewType type = this.files.previewType(version);
		if (!type.isImage()) {
			return Optional.empty();
		}
		Optional<ThumbnailImage> image;
		try (SeekableByteChannel content = this.files.open(version)) {
			image = ThumbnailImage.render(content, type, this.coffer.files().thumbnailMaxPixels());
		}
		if (image.isEmpty()) {
			return record(StoredThumbnail.none(version.id()), null);
		}
		ThumbnailImage made = image.get();
		StoredBlob blob = this.blobs.store(new ByteArrayInputStream(made.bytes()), NO_LIMIT);
		return record(new StoredThumbnail(version.id(), blob.blobId(), blob.wrappedKey(), made.contentType(),
				made.width(), made.height(), blob.size()), blob);
	}

	/**
	 * Records a thumbnail made for a version. Two requests may make one at the same time:
	 * the first recorded wins, the other's blob is deleted at once.
	 */
	private Optional<StoredThumbnail> record(StoredThumbnail thumbnail, StoredBlob blob) {
		try {
			this.thumbnails.insert(thumbnail, this.clock.instant());
			return Optional.of(thumbnail);
		}
		catch (DuplicateKeyException ex) {
			discard(blob);
			return this.thumbnails.find(thumbnail.versionId());
		}
		catch (DataIntegrityViolationException ex) {
			// The version was deleted meanwhile.
			discard(blob);
			return Optional.empty();
		}
	}

	private void discard(StoredBlob blob) {
		if (blob == null) {
			return;
		}
		try {
			this.blobs.delete(blob.blobId(), 1);
		}
		catch (IOException ex) {
			logger.warn("Could not delete blob {} now; the orphan sweeper will", blob.blobId());
		}
	}

	private ThumbnailImage read(StoredThumbnail stored) throws IOException {
		BlobPart part = new BlobPart(0, stored.size(), BlobCipher.ciphertextSize(stored.size()));
		ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(stored.size()));
		try (SeekableByteChannel content = this.blobs.open(stored.blobId(), stored.wrappedKey(), List.of(part))) {
			while (bytes.hasRemaining() && content.read(bytes) >= 0) {
				// until every byte is read
			}
		}
		return new ThumbnailImage(bytes.array(), stored.contentType(), stored.width(), stored.height());
	}

}
