package dev.coffer.server.files;

import java.time.Instant;

import dev.coffer.server.keys.SealedSecrets.Sealed;
import dev.coffer.server.storage.EncryptedBlobs.ResumableBlob;

/**
 * A resumable upload between its requests, as stored in {@code resumable_uploads}: what
 * it becomes, how much of it arrived, and the sealed digest of that (see
 * {@link ResumableUploads}).
 *
 * @param id the upload's id, in its URL
 * @param ownerId whose file it becomes and whose quota it counts against
 * @param userId the signed-in user who started it, the only one who may go on with it; or
 * {@code null} with {@code requestId}
 * @param requestId the request link it was started through, whose holders may go on with
 * it; or {@code null} with {@code userId}
 * @param fileId the file it becomes a new version of, or {@code null} for a new file
 * @param folderId the folder a new file goes to
 * @param name the name of a new file
 * @param length the bytes the client declared
 * @param offset the bytes received so far
 * @param partCount how many parts hold them
 * @param metadata the client's {@code Upload-Metadata}, echoed back as it came
 * @param expectedSha256 the SHA-256 the client said the file has, or {@code null}
 * @param blob the blob its parts belong to
 * @param digest the SHA-256, CRC-32 and length of what arrived, sealed
 * @param expiresAt when it is discarded if not complete
 */
public record ResumableUpload(String id, String ownerId, String userId, String requestId, String fileId,
		String folderId, String name, long length, long offset, int partCount, String metadata, String expectedSha256,
		ResumableBlob blob, Sealed digest, Instant createdAt, Instant expiresAt) {

	/** What the sealed digest's bound id starts with (the id follows). */
	static final String DIGEST_BOUND_ID_PREFIX = "upload-digest:";

	/** The id the sealed digest is bound to. */
	String digestBoundId() {
		return DIGEST_BOUND_ID_PREFIX + this.id;
	}

}
