package dev.coffer.server.files;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.coffer.crypto.WrappedDataKey;
import dev.coffer.server.keys.SealedSecretTable;

/**
 * The thumbnails of versions ({@code version_thumbnails}): each one's blob and wrapped
 * data key, or a row without them for a version that has no thumbnail. A row goes with
 * its version (ON DELETE CASCADE), and its key with it.
 */
@Repository
class ThumbnailRepository {

	private static final int IDS_PER_QUERY = 500;

	private final JdbcClient jdbc;

	ThumbnailRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Where the thumbnails' data keys are, for key rotation: each is bound to its blob
	 * id, as a version's is, and a row without a thumbnail has none.
	 */
	@Bean
	static SealedSecretTable thumbnailKeyTable() {
		return new SealedSecretTable("version_thumbnails", "blob_id", "", "wrapped_dek", "kek_id");
	}

	Optional<StoredThumbnail> find(String versionId) {
		return this.jdbc
			.sql("select blob_id, wrapped_dek, kek_id, content_type, width, height, size from version_thumbnails "
					+ "where version_id = ?")
			.param(versionId)
			.query((rs, row) -> {
				String blobId = rs.getString(1);
				WrappedDataKey key = (blobId != null)
						? new WrappedDataKey(Base64.getDecoder().decode(rs.getString(2)), (int) rs.getLong(3)) : null;
				return new StoredThumbnail(versionId, blobId, key, rs.getString(4), rs.getInt(5), rs.getInt(6),
						rs.getLong(7));
			})
			.optional();
	}

	/**
	 * Records a version's thumbnail, or that it has none.
	 * @throws org.springframework.dao.DuplicateKeyException if the version has a row
	 * already (another request made it meanwhile)
	 * @throws org.springframework.dao.DataIntegrityViolationException if the version is
	 * gone
	 */
	void insert(StoredThumbnail thumbnail, Instant now) {
		WrappedDataKey key = thumbnail.wrappedKey();
		this.jdbc
			.sql("insert into version_thumbnails (version_id, blob_id, wrapped_dek, kek_id, content_type, width, "
					+ "height, size, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(thumbnail.versionId(), thumbnail.blobId(),
					(key != null) ? Base64.getEncoder().encodeToString(key.ciphertext()) : null,
					(key != null) ? Integer.toUnsignedLong(key.masterKeyId()) : null, thumbnail.contentType(),
					thumbnail.width(), thumbnail.height(), thumbnail.size(), now.toEpochMilli())
			.update();
	}

	/** The thumbnail blobs of these versions: to delete after the versions are. */
	List<String> blobIds(List<String> versionIds) {
		List<String> blobIds = new ArrayList<>();
		for (int from = 0; from < versionIds.size(); from += IDS_PER_QUERY) {
			List<String> some = versionIds.subList(from, Math.min(versionIds.size(), from + IDS_PER_QUERY));
			blobIds.addAll(this.jdbc
				.sql("select blob_id from version_thumbnails where blob_id is not null and version_id in ("
						+ String.join(", ", Collections.nCopies(some.size(), "?")) + ")")
				.params(some.toArray())
				.query(String.class)
				.list());
		}
		return blobIds;
	}

	/**
	 * A version's thumbnail as recorded.
	 *
	 * @param blobId its blob, or null if the version has no thumbnail
	 * @param wrappedKey the blob's data key, wrapped; null without a blob
	 * @param size the thumbnail's bytes (plaintext)
	 */
	record StoredThumbnail(String versionId, String blobId, WrappedDataKey wrappedKey, String contentType, int width,
			int height, long size) {

		static StoredThumbnail none(String versionId) {
			return new StoredThumbnail(versionId, null, null, null, 0, 0, 0);
		}

		boolean exists() {
			return this.blobId != null;
		}

	}

}
