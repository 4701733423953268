package dev.coffer.server.files;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.crypto.BlobIntegrityException;
import dev.coffer.server.CofferProperties;
import dev.coffer.server.ConflictException;
import dev.coffer.server.GoneException;
import dev.coffer.server.InvalidInputException;
import dev.coffer.server.NotFoundException;
import dev.coffer.server.PayloadTooLargeException;
import dev.coffer.server.keys.SealedSecrets;
import dev.coffer.server.keys.SealedSecrets.Sealed;
import dev.coffer.server.files.StagedFiles.StagedContent;
import dev.coffer.server.storage.BlobPart;
import dev.coffer.server.storage.EncryptedBlobs;
import dev.coffer.server.storage.EncryptedBlobs.AppendedPart;
import dev.coffer.server.storage.EncryptedBlobs.ResumableBlob;
import dev.coffer.server.storage.ResumableDigest;
import dev.coffer.server.storage.StoredBlob;

/**
 * Uploads that arrive over several requests and survive a dropped connection or a restart
 * (the tus protocol's model, spoken by {@link ResumableUploadApiController}). Every
 * request's body is encrypted as it arrives into the next part of a blob that no version
 * references yet (DESIGN.md §2, "Parts"); if the client goes away mid-request, the part
 * is closed at the last byte received and kept, and the next request goes on from there,
 * on any node. The length and CRC-32 of what arrived are carried from part to part,
 * sealed in the database ({@link ResumableDigest}); the SHA-256 in the memory of the node
 * that received the last part ({@link RunningSha256s}), or, where the next part arrives
 * elsewhere, computed from the stored parts at the end. When the last byte is in, the
 * upload becomes a new file or a new version in one transaction, exactly like a plain
 * upload, and its state goes in the same transaction. One request at a time appends to an
 * upload: a second one is refused (409), never interleaved. Unfinished uploads expire and
 * are swept.
 */
@Service
public class ResumableUploads {

	private static final Logger logger = LoggerFactory.getLogger(ResumableUploads.class);

	/**
	 * How long a request holds an upload without renewing; a lease left by a node that
	 * died ends this long after its last renewal.
	 */
	static final Duration LEASE = Duration.ofMinutes(2);

	/** How often a request that is still streaming renews its lease. */
	static final Duration LEASE_RENEWAL = Duration.ofSeconds(30);

	/** The most parts (requests that brought bytes) one upload may have. */
	static final int MAX_PARTS = 10_000;

	/** The most unfinished uploads one user, or one request link, may have at once. */
	static final int MAX_UNFINISHED = 100;

	private final ResumableUploadRepository uploads;

	private final EncryptedBlobs blobs;

	private final SealedSecrets sealedSecrets;

	private final FileUploads fileUploads;

	private final FileService fileService;

	private final FolderService folders;

	private final Quotas quotas;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final Duration expiry;

	private final RunningSha256s runningSha256s = new RunningSha256s();

	ResumableUploads(ResumableUploadRepository uploads, EncryptedBlobs blobs, SealedSecrets sealedSecrets,
			FileUploads fileUploads, FileService fileService, FolderService folders, Quotas quotas,
			TransactionTemplate transactions, Clock clock, CofferProperties coffer) {
		this.uploads = uploads;
		this.blobs = blobs;
		this.sealedSecrets = sealedSecrets;
		this.fileUploads = fileUploads;
		this.fileService = fileService;
		this.folders = folders;
		this.quotas = quotas;
		this.transactions = transactions;
		this.clock = clock;
		this.expiry = coffer.files().unfinishedUploadExpiry();
	}

	/**
	 * What a new upload becomes and what the client declared of it.
	 *
	 * @param length the file's size in bytes
	 * @param name the name of a new file (with {@code folderId}), or {@code null} with
	 * {@code fileId}
	 * @param folderId the folder for a new file ({@link FolderService#ROOT} for the top)
	 * @param fileId the file it becomes a new version of, or {@code null}
	 * @param expectedSha256 the SHA-256 the file must have (lower-case hex), or
	 * {@code null}
	 * @param metadata the client's metadata, kept to be echoed back
	 */
	public record NewUpload(long length, String name, String folderId, String fileId, String expectedSha256,
			String metadata) {
	}

	/**
	 * Where an upload stands after a request.
	 *
	 * @param offset the bytes received so far
	 * @param file the file it became, once complete; else {@code null}
	 */
	public record Progress(long offset, StoredFile file) {
	}

	/**
	 * Who may go on with an upload: the signed-in user who started it, or the holders of
	 * the request link it was started through (the caller checked the link).
	 */
	public record Holder(String userId, String requestId) {

		public static Holder user(String userId) {
			return new Holder(Objects.requireNonNull(userId), null);
		}

		public static Holder requestLink(String requestId) {
			return new Holder(null, Objects.requireNonNull(requestId));
		}

		boolean holds(ResumableUpload upload) {
			return (this.userId != null) ? this.userId.equals(upload.userId())
					: this.requestId.equals(upload.requestId());
		}

	}

	/**
	 * What a complete upload becomes: a file or version created in one transaction that
	 * also runs {@code removeState}, so the upload's state goes exactly when its file
	 * appears. If it throws, the content must be gone (as {@link StagedFiles#createFiles}
	 * and {@link FileUploads} leave it); the upload's state is then removed too.
	 */
	@FunctionalInterface
	public interface Completion {

		StoredFile complete(ResumableUpload upload, StagedContent content, Runnable removeState);

	}

	/**
	 * Starts an upload for {@code userId}: checks everything that can be checked before a
	 * byte arrives (name, folder or file and the right to write there, size limit and
	 * quota) and records it. Nothing is stored until bytes arrive.
	 */
	public ResumableUpload create(String userId, NewUpload request) {
		requireLength(request.length());
		String ownerId;
		String fileId = null;
		String folderId = null;
		String name = null;
		if (request.fileId() != null) {
			if (request.name() != null) {
				throw new InvalidInputException("Upload-Metadata",
						"Give either a file name for a new file or the id of a file for a new version, not both.");
			}
			this.fileUploads.checkDeclaredVersion(userId, request.fileId(), request.length(), false);
			fileId = request.fileId();
			ownerId = this.fileService.access(userId, fileId).file().ownerId();
		}
		else {
			name = requireName(request);
			folderId = this.folders
				.access(userId, (request.folderId() != null) ? request.folderId() : FolderService.ROOT)
				.require(Permission.OWNER, "add files to this folder")
				.folder()
				.id();
			ownerId = userId;
			this.quotas.checkDeclaredSize(ownerId, true, request.length());
		}
		if (this.uploads.countUnfinished(userId, this.clock.instant()) >= MAX_UNFINISHED) {
			throw new ConflictException(
					"You have " + MAX_UNFINISHED + " unfinished uploads. Finish or cancel some of them first.");
		}
		return insert(Holder.user(userId), ownerId, fileId, folderId, name, request);
	}

	/**
	 * Starts an upload through a request link, of a new file of its owner in
	 * {@code request.folderId()}: the caller checked the link and the sender. Checks the
	 * size limit and the owner's quota, and that the link's unfinished uploads together
	 * stay within {@code filesLeft} files and {@code bytesLeft} bytes (what the link has
	 * left), so that a sender cannot store more than the link accepts by starting many
	 * uploads. The link's limits are checked again when the upload completes.
	 */
	public ResumableUpload createForRequestLink(String requestId, String ownerId, NewUpload request, int filesLeft,
			long bytesLeft) {
		requireLength(request.length());
		if (request.fileId() != null) {
			throw new InvalidInputException("Upload-Metadata", "A request link takes new files only.");
		}
		String name = requireName(request);
		Holder holder = Holder.requestLink(requestId);
		Pending pending = this.uploads.pending(requestId, this.clock.instant());
		if (pending.uploads() >= Math.min(filesLeft, MAX_UNFINISHED)) {
			throw new PayloadTooLargeException("This request link accepts " + filesLeft + " more file"
					+ ((filesLeft == 1) ? "" : "s") + " at most, and as many are on their way.");
		}
		if (request.length() > bytesLeft - pending.bytes()) {
			throw new PayloadTooLargeException("This file is larger than this request link accepts now.");
		}
		this.quotas.checkDeclaredSize(ownerId, false, request.length());
		return insert(holder, ownerId, null, request.folderId(), name, request);
	}

	/** The unfinished uploads of a request link and the bytes they declared. */
	record Pending(int uploads, long bytes) {
	}

	private ResumableUpload insert(Holder holder, String ownerId, String fileId, String folderId, String name,
			NewUpload request) {
		Instant now = this.clock.instant();
		String id = UUID.randomUUID().toString();
		ResumableBlob blob = this.blobs.startResumable();
		Sealed digest = this.sealedSecrets.seal(ResumableDigest.start().encode(),
				ResumableUpload.DIGEST_BOUND_ID_PREFIX + id);
		ResumableUpload upload = new ResumableUpload(id, ownerId, holder.userId(), holder.requestId(), fileId, folderId,
				name, request.length(), 0, 0, request.metadata(), request.expectedSha256(), blob, digest, now,
				now.plus(this.expiry));
		this.uploads.insert(upload);
		return upload;
	}

	private static void requireLength(long length) {
		if (length < 0) {
			throw new InvalidInputException("Upload-Length", "Give the file's size in bytes in Upload-Length.");
		}
	}

	private static String requireName(NewUpload request) {
		if (request.name() == null) {
			throw new InvalidInputException("Upload-Metadata",
					"Give the file's name (filename) or the id of the file it is a new version of (fileId).");
		}
		return FileNames.requireValid(request.name());
	}

	/**
	 * The upload {@code id} of this holder.
	 * @throws NotFoundException if there is none, or it is someone else's
	 * @throws GoneException if it expired
	 */
	public ResumableUpload get(Holder holder, String id) {
		ResumableUpload upload = this.uploads.find(id)
			.filter(holder::holds)
			.orElseThrow(ResumableUploads::noSuchUpload);
		if (!upload.expiresAt().isAfter(this.clock.instant())) {
			throw new GoneException("Upload expired",
					"This upload was not finished in time and is discarded. Start it again.");
		}
		return upload;
	}

	/**
	 * Appends what {@code body} brings at {@code offset}, and completes the upload if
	 * that was the last byte. If the client goes away mid-request, what arrived is kept
	 * and the returned offset includes it.
	 * @param declaredLength the request's Content-Length, or -1
	 * @param completion makes the complete upload a file; a user's upload is completed by
	 * {@link #completeUsersUpload}
	 * @throws ConflictException if the upload is not at {@code offset}, or another
	 * request is appending to it
	 * @throws PayloadTooLargeException if the body brings more than the declared length
	 * leaves room for (nothing of it is kept)
	 */
	public Progress append(Holder holder, String id, long offset, InputStream body, long declaredLength,
			Completion completion) throws IOException {
		return append(holder, id, offset, body, declaredLength, null, completion);
	}

	/**
	 * Appends as {@link #append(Holder, String, long, InputStream, long, Completion)}
	 * does; if this request completes the upload, the file must have the SHA-256
	 * {@code fileSha256} (a request that leaves bytes missing does not keep it: the one
	 * that brings the rest declares it again).
	 * @param fileSha256 the whole file's SHA-256 (lower-case hex), or null
	 * @throws InvalidInputException if the upload declared a different SHA-256 when it
	 * started (before any byte is read)
	 */
	public Progress append(Holder holder, String id, long offset, InputStream body, long declaredLength,
			String fileSha256, Completion completion) throws IOException {
		ResumableUpload upload = get(holder, id);
		if (offset != upload.offset()) {
			throw wrongOffset(upload.offset(), offset);
		}
		if (fileSha256 != null && upload.expectedSha256() != null && !fileSha256.equals(upload.expectedSha256())) {
			throw new InvalidInputException("sha256", "This upload declared the SHA-256 " + upload.expectedSha256()
					+ " when it started; its last piece may not declare another.");
		}
		String expectedSha256 = (fileSha256 != null) ? fileSha256 : upload.expectedSha256();
		long room = upload.length() - upload.offset();
		String tooLarge = "This request brings more than the " + upload.length()
				+ " bytes the upload declared. Send at most " + room + " more bytes.";
		if (declaredLength > room) {
			throw new PayloadTooLargeException(tooLarge);
		}
		if (upload.partCount() >= MAX_PARTS && room > 0) {
			throw new ConflictException("This upload has been sent in " + MAX_PARTS
					+ " pieces already, the most there may be. Cancel it and send the file in larger pieces.");
		}
		String token = UUID.randomUUID().toString();
		Instant now = this.clock.instant();
		if (!this.uploads.takeLease(id, offset, token, now.plus(LEASE), now)) {
			ResumableUpload current = get(holder, id);
			if (current.offset() != offset) {
				throw wrongOffset(current.offset(), offset);
			}
			throw busy(id);
		}
		if (room == 0) {
			// Complete, but a crash came between its last part and its commit.
			return new Progress(offset,
					complete(upload, expectedSha256, completion, this.runningSha256s.take(id, offset)));
		}
		AppendedPart appended;
		ResumableDigest digest;
		try {
			digest = ResumableDigest.decode(this.sealedSecrets.open(upload.digest(), upload.digestBoundId()),
					this.runningSha256s.take(id, offset));
			try (LeaseRenewal renewal = new LeaseRenewal(id, token)) {
				appended = this.blobs.appendPart(upload.blob(), upload.partCount(), body, room, tooLarge, digest);
			}
		}
		catch (IOException | RuntimeException ex) {
			// The running SHA-256, if any, may have taken bytes of a part that is not
			// kept.
			this.uploads.releaseLease(id, token);
			throw ex;
		}
		BlobPart part = appended.part();
		if (part == null) {
			keepRunningSha256(id, offset, digest);
			this.uploads.releaseLease(id, token);
			return new Progress(offset, null);
		}
		long newOffset = offset + part.plaintextSize();
		Sealed sealed = this.sealedSecrets.seal(digest.encode(), upload.digestBoundId());
		Boolean recorded = this.transactions
			.execute((status) -> this.uploads.recordPart(id, token, part, newOffset, sealed));
		if (!Boolean.TRUE.equals(recorded)) {
			// The lease ended while this request streamed (a stall longer than the
			// lease):
			// another request may have taken the upload and this part's place.
			throw new ConflictException("This request took too long and lost its turn: ask for the offset (HEAD) "
					+ "and go on from there.");
		}
		if (newOffset < upload.length()) {
			keepRunningSha256(id, newOffset, digest);
			this.uploads.releaseLease(id, token);
			return new Progress(newOffset, null);
		}
		// Still under this request's lease, so no other request completes it too.
		return new Progress(newOffset, complete(this.uploads.find(id).orElseThrow(ResumableUploads::noSuchUpload),
				expectedSha256, completion, digest.runningSha256().orElse(null)));
	}

	/** Keeps the upload's SHA-256 on this node for its next part, if it has one. */
	private void keepRunningSha256(String id, long offset, ResumableDigest digest) {
		digest.runningSha256().ifPresent((sha256) -> this.runningSha256s.keep(id, offset, sha256));
	}

	/**
	 * Makes a complete upload what it was for, through {@code completion}, which removes
	 * its state in the same transaction. If that fails, the upload is discarded. The
	 * caller holds the upload's lease.
	 * @param expectedSha256 the SHA-256 the file must have, or null
	 * @param runningSha256 the SHA-256 of all its bytes, if this node has it
	 */
	private StoredFile complete(ResumableUpload upload, String expectedSha256, Completion completion,
			MessageDigest runningSha256) throws IOException {
		List<BlobPart> parts = this.uploads.parts(upload.id());
		ResumableDigest digest = ResumableDigest
			.decode(this.sealedSecrets.open(upload.digest(), upload.digestBoundId()), runningSha256);
		StoredBlob blob;
		try {
			blob = this.blobs.finishResumable(upload.blob(), parts, digest);
		}
		catch (BlobIntegrityException ex) {
			// Its stored parts were changed or damaged: it can never become a file, and
			// every try would fail the same way until it expired.
			logger.error("A stored part of upload {} (blob {}) failed its integrity check as the upload completed: "
					+ "the upload is discarded", upload.id(), upload.blob().blobId(), ex);
			discard(upload);
			throw new GoneException("Upload discarded",
					"What was stored of this upload failed its integrity check (the storage was changed or damaged), "
							+ "so it was discarded. Start the upload again.");
		}
		if (expectedSha256 != null && !expectedSha256.equals(blob.sha256())) {
			discard(upload);
			throw new InvalidInputException("sha256",
					"The file that arrived has the SHA-256 " + blob.sha256() + ", not the " + expectedSha256
							+ " its upload declared, so it was discarded: did the file change while it was being "
							+ "uploaded? Upload it again.");
		}
		// Until its state goes, the orphan sweeper leaves the blob alone: it is as new as
		// content stored now.
		StagedContent content = new StagedContent(blob, this.clock.instant());
		try {
			return completion.complete(upload, content, () -> this.uploads.delete(upload.id()));
		}
		catch (RuntimeException ex) {
			// The completion removed the content; the state goes with it.
			this.uploads.delete(upload.id());
			throw ex;
		}
	}

	/**
	 * The {@link Completion} of a signed-in user's upload: a new version of its file, or
	 * a new file in its folder.
	 */
	public StoredFile completeUsersUpload(ResumableUpload upload, StagedContent content, Runnable removeState) {
		if (upload.fileId() != null) {
			return this.fileUploads.commitVersion(upload.userId(), upload.fileId(), content.blob(), removeState);
		}
		return this.fileUploads
			.upload(upload.ownerId(), upload.folderId(),
					new FileUploads.PendingUpload(upload.name(), content.blob(), content.startedAt()), removeState)
			.file();
	}

	/**
	 * Cancels the holder's upload and removes what arrived of it.
	 * @throws ConflictException while a request is appending to it
	 */
	public void terminate(Holder holder, String id) {
		ResumableUpload upload = this.uploads.find(id)
			.filter(holder::holds)
			.orElseThrow(ResumableUploads::noSuchUpload);
		if (!this.uploads.deleteUnleased(id, this.clock.instant())) {
			throw new ConflictException("A request is sending to this upload right now. Try again when it ends.");
		}
		this.runningSha256s.forget(id);
		deleteParts(upload);
	}

	/**
	 * Removes uploads past their expiry and what arrived of them.
	 * @return how many
	 */
	int deleteExpired(int batchSize) {
		int deleted = 0;
		Instant now = this.clock.instant();
		for (ResumableUpload upload : this.uploads.expired(now, batchSize)) {
			if (this.uploads.deleteUnleased(upload.id(), now)) {
				this.runningSha256s.forget(upload.id());
				deleteParts(upload);
				deleted++;
			}
		}
		return deleted;
	}

	private void discard(ResumableUpload upload) {
		this.uploads.delete(upload.id());
		this.runningSha256s.forget(upload.id());
		deleteParts(upload);
	}

	private void deleteParts(ResumableUpload upload) {
		try {
			this.blobs.delete(upload.blob().blobId(), upload.partCount());
		}
		catch (IOException ex) {
			logger.warn("Could not delete the parts of upload {} now; the orphan sweeper will", upload.id());
		}
	}

	/**
	 * Another request holds the upload: one that is still sending, or one that was cut
	 * off (a dropped connection, a node that died) whose lease has yet to end.
	 */
	private ConflictException busy(String id) {
		Duration left = this.uploads.leaseUntil(id)
			.map((until) -> Duration.between(this.clock.instant(), until))
			.filter((wait) -> !wait.isNegative())
			.orElse(Duration.ZERO);
		return new ConflictException("Another request is sending to this upload, or one that was cut off holds it "
				+ "for up to " + Math.max(1, left.toSeconds() + 1) + " more seconds. Wait, ask for the offset (HEAD) "
				+ "and go on from there.", left);
	}

	private static ConflictException wrongOffset(long actual, long given) {
		return new ConflictException("This upload has " + actual + " bytes, not " + given
				+ ": ask for the offset (HEAD) and send from there.");
	}

	static NotFoundException noSuchUpload() {
		return new NotFoundException("There is no such upload. It may have been finished or cancelled.");
	}

	/**
	 * Renews a request's lease while it streams, from a virtual thread, until closed: a
	 * slow client keeps its turn, and a node that dies lets go within {@link #LEASE}.
	 */
	private final class LeaseRenewal implements AutoCloseable {

		private final Thread renewer;

		LeaseRenewal(String id, String token) {
			this.renewer = Thread.ofVirtual().name("upload-lease").start(() -> {
				try {
					while (true) {
						Thread.sleep(LEASE_RENEWAL);
						if (!ResumableUploads.this.uploads.renewLease(id, token,
								ResumableUploads.this.clock.instant().plus(LEASE))) {
							return;
						}
					}
				}
				catch (InterruptedException ex) {
					// closed
				}
				catch (RuntimeException ex) {
					logger.warn("Could not renew the lease of upload {}", id, ex);
				}
			});
		}

		@Override
		public void close() {
			this.renewer.interrupt();
		}

	}

}
