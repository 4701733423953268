package dev.coffer.server.files;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.coffer.crypto.WrappedDataKey;
import dev.coffer.server.keys.SealedSecretTable;
import dev.coffer.server.keys.SealedSecrets.Sealed;
import dev.coffer.server.storage.BlobPart;
import dev.coffer.server.storage.EncryptedBlobs.ResumableBlob;

/** The {@code resumable_uploads} table and its parts (see V32__resumable_uploads.sql). */
@Repository
class ResumableUploadRepository {

	private static final String COLUMNS = "id, owner_id, user_id, request_id, file_id, folder_id, name, "
			+ "upload_length, upload_offset, part_count, metadata, expected_sha256, blob_id, wrapped_dek, kek_id, "
			+ "digest_state, digest_key, digest_kek_id, created_at, expires_at";

	private final JdbcClient jdbc;

	ResumableUploadRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The uploads' data keys, bound to their blob ids as versions' are, for the re-wrap
	 * job after a key rotation.
	 */
	@Bean
	static SealedSecretTable resumableUploadKeyTable() {
		return new SealedSecretTable("resumable_uploads", "blob_id", "", "wrapped_dek", "kek_id");
	}

	/** The keys of the uploads' sealed digests, for the re-wrap job. */
	@Bean
	static SealedSecretTable resumableUploadDigestKeyTable() {
		return new SealedSecretTable("resumable_uploads", "id", ResumableUpload.DIGEST_BOUND_ID_PREFIX, "digest_key",
				"digest_kek_id");
	}

	void insert(ResumableUpload upload) {
		this.jdbc
			.sql("insert into resumable_uploads (" + COLUMNS
					+ ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(upload.id(), upload.ownerId(), upload.userId(), upload.requestId(), upload.fileId(),
					upload.folderId(), upload.name(), upload.length(), upload.offset(), upload.partCount(),
					upload.metadata(), upload.expectedSha256(), upload.blob().blobId(),
					base64(upload.blob().wrappedKey().ciphertext()),
					Integer.toUnsignedLong(upload.blob().wrappedKey().masterKeyId()),
					upload.digest().ciphertextColumn(), upload.digest().wrappedKeyColumn(),
					upload.digest().masterKeyIdColumn(), upload.createdAt().toEpochMilli(),
					upload.expiresAt().toEpochMilli())
			.update();
	}

	Optional<ResumableUpload> find(String id) {
		return this.jdbc.sql("select " + COLUMNS + " from resumable_uploads where id = ?")
			.param(id)
			.query(ResumableUploadRepository::map)
			.optional();
	}

	List<BlobPart> parts(String id) {
		return this.jdbc
			.sql("select part_number, plaintext_size, ciphertext_size from resumable_upload_parts "
					+ "where upload_id = ? order by part_number")
			.param(id)
			.query((rs, row) -> new BlobPart(rs.getInt(1), rs.getLong(2), rs.getLong(3)))
			.list();
	}

	/** How many uploads a user started that are not complete nor expired. */
	int countUnfinished(String userId, Instant now) {
		return this.jdbc.sql("select count(*) from resumable_uploads where user_id = ? and expires_at > ?")
			.params(userId, now.toEpochMilli())
			.query(Integer.class)
			.single();
	}

	/** A request link's unfinished uploads (not expired) and the bytes they declared. */
	ResumableUploads.Pending pending(String requestId, Instant now) {
		return this.jdbc
			.sql("select count(*), coalesce(sum(upload_length), 0) from resumable_uploads "
					+ "where request_id = ? and expires_at > ?")
			.params(requestId, now.toEpochMilli())
			.query((rs, row) -> new ResumableUploads.Pending(rs.getInt(1), rs.getLong(2)))
			.single();
	}

	/**
	 * Takes the upload for one request that appends at {@code offset}: refused if another
	 * request holds it (a lease not yet ended) or the upload is elsewhere by now.
	 */
	boolean takeLease(String id, long offset, String token, Instant until, Instant now) {
		return this.jdbc
			.sql("update resumable_uploads set lease_token = ?, lease_until = ? where id = ? and upload_offset = ? "
					+ "and (lease_until is null or lease_until < ?)")
			.params(token, until.toEpochMilli(), id, offset, now.toEpochMilli())
			.update() == 1;
	}

	/** When the lease on the upload ends, if a request holds it. */
	Optional<Instant> leaseUntil(String id) {
		return this.jdbc.sql("select lease_until from resumable_uploads where id = ? and lease_until is not null")
			.param(id)
			.query(Long.class)
			.optional()
			.map(Instant::ofEpochMilli);
	}

	/** Extends a lease this request holds; false if it no longer does. */
	boolean renewLease(String id, String token, Instant until) {
		return this.jdbc.sql("update resumable_uploads set lease_until = ? where id = ? and lease_token = ?")
			.params(until.toEpochMilli(), id, token)
			.update() == 1;
	}

	void releaseLease(String id, String token) {
		this.jdbc
			.sql("update resumable_uploads set lease_token = null, lease_until = null where id = ? and lease_token = ?")
			.params(id, token)
			.update();
	}

	/**
	 * Records a part the leaseholder stored and the digest that now includes it; the
	 * lease goes on. Call in a transaction.
	 * @return false if the lease was lost (nothing recorded)
	 */
	boolean recordPart(String id, String token, BlobPart part, long newOffset, Sealed digest) {
		int updated = this.jdbc
			.sql("update resumable_uploads set upload_offset = ?, part_count = part_count + 1, digest_state = ?, "
					+ "digest_key = ?, digest_kek_id = ? " + "where id = ? and lease_token = ?")
			.params(newOffset, digest.ciphertextColumn(), digest.wrappedKeyColumn(), digest.masterKeyIdColumn(), id,
					token)
			.update();
		if (updated == 0) {
			return false;
		}
		this.jdbc
			.sql("insert into resumable_upload_parts (upload_id, part_number, plaintext_size, ciphertext_size) "
					+ "values (?, ?, ?, ?)")
			.params(id, part.number(), part.plaintextSize(), part.ciphertextSize())
			.update();
		return true;
	}

	/** Deletes an upload's row and its parts' rows (not its stored parts). */
	boolean delete(String id) {
		return this.jdbc.sql("delete from resumable_uploads where id = ?").param(id).update() == 1;
	}

	/**
	 * Deletes an upload no request is appending to (and its parts' rows).
	 * @return false if a request holds it, or it is gone
	 */
	boolean deleteUnleased(String id, Instant now) {
		return this.jdbc.sql("delete from resumable_uploads where id = ? and (lease_until is null or lease_until < ?)")
			.params(id, now.toEpochMilli())
			.update() == 1;
	}

	/** Uploads past their expiry that no request is appending to, oldest first. */
	List<ResumableUpload> expired(Instant now, int limit) {
		return this.jdbc
			.sql("select " + COLUMNS + " from resumable_uploads where expires_at < ? "
					+ "and (lease_until is null or lease_until < ?) order by expires_at limit ?")
			.params(now.toEpochMilli(), now.toEpochMilli(), limit)
			.query(ResumableUploadRepository::map)
			.list();
	}

	private static ResumableUpload map(ResultSet rs, int row) throws SQLException {
		ResumableBlob blob = new ResumableBlob(rs.getString("blob_id"), new WrappedDataKey(
				Base64.getDecoder().decode(rs.getString("wrapped_dek")), (int) rs.getLong("kek_id")));
		Sealed digest = Sealed.fromColumns(rs.getString("digest_state"), rs.getString("digest_key"),
				rs.getLong("digest_kek_id"));
		return new ResumableUpload(rs.getString("id"), rs.getString("owner_id"), rs.getString("user_id"),
				rs.getString("request_id"), rs.getString("file_id"), rs.getString("folder_id"), rs.getString("name"),
				rs.getLong("upload_length"), rs.getLong("upload_offset"), rs.getInt("part_count"),
				rs.getString("metadata"), rs.getString("expected_sha256"), blob, digest,
				Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("expires_at")));
	}

	private static String base64(byte[] bytes) {
		return Base64.getEncoder().encodeToString(bytes);
	}

}
