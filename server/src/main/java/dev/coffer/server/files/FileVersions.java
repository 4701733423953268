package dev.coffer.server.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.coffer.server.CofferProperties;
import dev.coffer.server.ConflictException;
import dev.coffer.server.storage.EncryptedBlobs;
import dev.coffer.server.storage.StoredBlob;

/**
 * What every way of adding or removing a version shares: the version row, charged to the
 * owner's quota, and the stored content that goes with it. The database learns about a
 * blob only in the transaction that makes it a version, so content whose transaction
 * fails is removed at once, and content of deleted versions after the commit (or by the
 * orphan sweeper, if that fails).
 */
@Component
class FileVersions {

	private static final Logger logger = LoggerFactory.getLogger(FileVersions.class);

	private final FileRepository files;

	private final EncryptedBlobs blobs;

	private final Quotas quotas;

	private final Clock clock;

	private final CofferProperties coffer;

	private final ThumbnailRepository thumbnails;

	FileVersions(FileRepository files, EncryptedBlobs blobs, Quotas quotas, Clock clock, CofferProperties coffer,
			ThumbnailRepository thumbnails) {
		this.thumbnails = thumbnails;
		this.files = files;
		this.blobs = blobs;
		this.quotas = quotas;
		this.clock = clock;
		this.coffer = coffer;
	}

	/**
	 * Refuses content stored a while ago for a version not yet committed (other files of
	 * the same request were still streaming): the orphan sweeper cannot tell it from an
	 * orphan, so content older than half its grace period may be gone, and is looked for.
	 * Younger content is safe without asking storage.
	 * @param startedAt when storing the content began
	 * @throws ConflictException if the sweeper removed it
	 */
	void requireStillStored(StoredBlob blob, Instant startedAt) {
		Duration safe = this.coffer.files().orphanGracePeriod().dividedBy(2);
		if (startedAt.isAfter(this.clock.instant().minus(safe))) {
			return;
		}
		try {
			if (this.blobs.isStored(blob.blobId(), blob.parts().size())) {
				return;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		throw new ConflictException("This upload took too long to finish and was discarded. Send the files again.");
	}

	/**
	 * Adds a version charged to the owner's quota, recording who uploaded it, and makes
	 * it the file's current version. Call in a transaction.
	 */
	void add(String ownerId, String fileId, StoredBlob blob, String uploaderId) {
		add(ownerId, fileId, blob, uploaderId, false);
	}

	/**
	 * As {@link #add(String, String, StoredBlob, String)}, for content that may be a
	 * client's end-to-end ciphertext.
	 */
	void add(String ownerId, String fileId, StoredBlob blob, String uploaderId, boolean endToEnd) {
		add(ownerId, fileId, blob, uploaderId, endToEnd, WritePreconditions.NONE);
	}

	/**
	 * As {@link #add(String, String, StoredBlob, String, boolean)}, if the file's current
	 * version meets {@code conditions}, checked under the owner's lock.
	 */
	void add(String ownerId, String fileId, StoredBlob blob, String uploaderId, boolean endToEnd,
			WritePreconditions conditions) {
		this.files.lockOwner(ownerId);
		addUnderOwnerLock(ownerId, fileId, blob, uploaderId, endToEnd, conditions);
	}

	/**
	 * As {@link #add}, in a transaction that holds the owner's lock
	 * ({@link FileRepository#lockOwner}) already: two queries fewer while every other
	 * upload of the owner waits for that lock.
	 */
	void addUnderOwnerLock(String ownerId, String fileId, StoredBlob blob, String uploaderId, boolean endToEnd) {
		addUnderOwnerLock(ownerId, fileId, blob, uploaderId, endToEnd, WritePreconditions.NONE);
	}

	/**
	 * As {@link #addUnderOwnerLock(String, String, StoredBlob, String, boolean)}, if the
	 * file's current version meets {@code conditions}: checked here, under the lock, so
	 * that of two writes that both read the same version only the first is added.
	 */
	void addUnderOwnerLock(String ownerId, String fileId, StoredBlob blob, String uploaderId, boolean endToEnd,
			WritePreconditions conditions) {
		Instant now = this.clock.instant();
		FileRepository.NextVersion next = this.files.nextVersion(ownerId, fileId, now)
			.orElseThrow(FileService::noSuchFile);
		// A refusal rolls the number back with the rest of the transaction.
		conditions.check(next.currentSha256());
		this.quotas.requireRoom(ownerId, blob.size(), ownerId.equals(uploaderId));
		if (next.currentIsEndToEnd() && !endToEnd) {
			// Its readers hold only the keys its owner's client wrapped for them; content
			// the server can read would slip into its history as the current version.
			throw plainOverEndToEnd();
		}
		int number = next.number();
		String versionId = UUID.randomUUID().toString();
		this.files.insertVersion(ownerId, versionId, fileId, number, blob, uploaderId, now, endToEnd);
		this.files.setCurrentVersion(fileId, versionId);
	}

	static ConflictException plainOverEndToEnd() {
		return new ConflictException("This file is end-to-end encrypted, so its new versions must be too: "
				+ "its owner uploads them with coffer put --e2e.");
	}

	/**
	 * Runs the database step; if it fails, the blob it was about to reference is removed
	 * now.
	 */
	<T> T commitOrDiscard(StoredBlob blob, Supplier<T> commit) {
		try {
			return commit.get();
		}
		catch (RuntimeException ex) {
			discard(blob);
			throw ex;
		}
	}

	/** Removes stored content that no version refers to, or leaves it to the sweeper. */
	void discard(StoredBlob blob) {
		deleteQuietly(blob.blobId(), blob.parts().size());
	}

	/**
	 * Removes the content of the versions, and their thumbnails', once the transaction
	 * deleting them commits (the thumbnails' rows and keys go with the versions' rows).
	 * Call before the rows go: it reads how many parts each blob has.
	 */
	void deleteContentAfterCommit(List<FileVersion> versions) {
		Map<String, Integer> partCounts = new LinkedHashMap<>();
		for (FileVersion version : versions) {
			partCounts.put(version.blobId(), this.files.parts(version.blobId()).size());
		}
		for (String thumbnail : this.thumbnails.blobIds(versions.stream().map(FileVersion::id).toList())) {
			partCounts.put(thumbnail, 1);
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				partCounts.forEach(FileVersions.this::deleteQuietly);
			}
		});
	}

	private void deleteQuietly(String blobId, int partCount) {
		try {
			this.blobs.delete(blobId, Math.max(partCount, 1));
		}
		catch (IOException ex) {
			logger.warn("Could not delete blob {} now; the orphan sweeper will", blobId);
		}
	}

}
