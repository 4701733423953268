package dev.coffer.server.files;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.coffer.crypto.WrappedDataKey;
import dev.coffer.server.storage.BlobPart;
import dev.coffer.server.storage.StoredBlob;

/**
 * Files, versions and blob parts. Every query that reads or changes a file names the user
 * asking, so a file id alone never reaches someone else's file: access is proven by the
 * same query that finds the row. Reads accept the owner or a user the file is shared with
 * (a row in {@code shares}, kept by the sharing package); renames and deletes name the
 * owner alone.
 */
@Repository
class FileRepository {

	private static final String FILE_COLUMNS = "f.id, f.owner_id, f.name, f.created_at, f.updated_at, "
			+ "v.number, v.size, v.sha256, (select count(*) from file_versions c where c.file_id = f.id) as version_count";

	private static final String VERSION_COLUMNS = "v.id, v.file_id, v.number, v.size, v.sha256, v.crc32, v.preview_type, "
			+ "v.blob_id, " + "v.wrapped_dek, v.kek_id, v.created_by, v.created_at";

	/**
	 * The user (two parameters) is the file's owner or holds a share of it. Never cached:
	 * a revoked share stops working on the next query.
	 */
	private static final String VISIBLE_TO = "(f.owner_id = ? or exists (select 1 from shares s "
			+ "where s.file_id = f.id and s.grantee_id = ?))";

	private final JdbcClient jdbc;

	FileRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The owner's files whose names contain {@code nameContains}, ignoring case and
	 * accents, in the order {@code sort}. Filtered and ordered in Java, because neither
	 * accent-insensitive matching nor natural order is portable SQL; lists are not
	 * paginated.
	 */
	List<StoredFile> list(String ownerId, String nameContains, FileSort sort, boolean descending) {
		Predicate<String> matches = FileNameOrder.containing(nameContains);
		return this.jdbc
			.sql("select " + FILE_COLUMNS + " from files f join file_versions v on v.id = f.current_version_id "
					+ "where f.owner_id = ?")
			.params(ownerId)
			.query(FileRepository::mapFile)
			.list()
			.stream()
			.filter((file) -> matches.test(file.name()))
			.sorted(sort.order(descending))
			.toList();
	}

	/**
	 * The file with the user's permission on it, if the user owns it or holds a share of
	 * it.
	 */
	Optional<FileAccess> findAccess(String userId, String fileId) {
		return this.jdbc
			.sql("select " + FILE_COLUMNS + ", case when f.owner_id = ? then 'OWNER' else s.permission end as access "
					+ "from files f join file_versions v on v.id = f.current_version_id "
					+ "left join shares s on s.file_id = f.id and s.grantee_id = ? "
					+ "where f.id = ? and (f.owner_id = ? or s.grantee_id is not null)")
			.params(userId, userId, fileId, userId)
			.query((rs, row) -> new FileAccess(mapFile(rs, row), Permission.valueOf(rs.getString("access"))))
			.optional();
	}

	Optional<StoredFile> findByName(String ownerId, String name) {
		return this.jdbc
			.sql("select " + FILE_COLUMNS + " from files f join file_versions v on v.id = f.current_version_id "
					+ "where f.owner_id = ? and f.name = ?")
			.params(ownerId, name)
			.query(FileRepository::mapFile)
			.optional();
	}

	/**
	 * The id of the owner's file with this name, if any (also while it has no version
	 * yet).
	 */
	Optional<String> findIdByName(String ownerId, String name) {
		return this.jdbc.sql("select id from files where owner_id = ? and name = ?")
			.params(ownerId, name)
			.query(String.class)
			.optional();
	}

	/** The versions of a file the user owns or holds a share of, newest first. */
	List<FileVersion> versions(String userId, String fileId) {
		return this.jdbc
			.sql("select " + VERSION_COLUMNS + " from file_versions v join files f on f.id = v.file_id "
					+ "where f.id = ? and " + VISIBLE_TO + " order by v.number desc")
			.params(fileId, userId, userId)
			.query(FileRepository::mapVersion)
			.list();
	}

	/**
	 * Version {@code number}, or the current one if {@code number} is null, of a file the
	 * user owns or holds a share of.
	 */
	Optional<FileVersion> version(String userId, String fileId, Integer number) {
		String which = (number == null) ? "v.id = f.current_version_id" : "v.number = ?";
		var statement = this.jdbc
			.sql("select " + VERSION_COLUMNS + " from file_versions v join files f on f.id = v.file_id "
					+ "where f.id = ? and " + VISIBLE_TO + " and " + which)
			.param(fileId)
			.param(userId)
			.param(userId);
		if (number != null) {
			statement = statement.param(number);
		}
		return statement.query(FileRepository::mapVersion).optional();
	}

	List<BlobPart> parts(String blobId) {
		return this.jdbc
			.sql("select part_number, plaintext_size, ciphertext_size from blob_parts where blob_id = ? "
					+ "order by part_number")
			.param(blobId)
			.query((rs, row) -> new BlobPart(rs.getInt(1), rs.getLong(2), rs.getLong(3)))
			.list();
	}

	void insertFile(String id, String ownerId, String name, Instant now) {
		this.jdbc
			.sql("insert into files (id, owner_id, name, current_version_id, last_version, created_at, updated_at) "
					+ "values (?, ?, ?, null, 0, ?, ?)")
			.params(id, ownerId, name, now.toEpochMilli(), now.toEpochMilli())
			.update();
	}

	/**
	 * Takes the next version number of a file. The update locks the file's row until the
	 * transaction ends, so concurrent uploads get consecutive numbers, never the same
	 * one.
	 * @return the number, or empty if the owner has no such file
	 */
	Optional<Integer> nextVersionNumber(String ownerId, String fileId, Instant now) {
		int updated = this.jdbc
			.sql("update files set last_version = last_version + 1, updated_at = ? where id = ? and owner_id = ?")
			.params(now.toEpochMilli(), fileId, ownerId)
			.update();
		if (updated == 0) {
			return Optional.empty();
		}
		return Optional.of(this.jdbc.sql("select last_version from files where id = ?")
			.param(fileId)
			.query(Integer.class)
			.single());
	}

	void insertVersion(String versionId, String fileId, int number, StoredBlob blob, String createdBy, Instant now) {
		this.jdbc
			.sql("insert into file_versions (id, file_id, number, size, sha256, crc32, preview_type, blob_id, "
					+ "wrapped_dek, kek_id, created_by, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(versionId, fileId, number, blob.size(), blob.sha256(), blob.crc32(),
					PreviewType.detect(blob.head()).name(), blob.blobId(),
					Base64.getEncoder().encodeToString(blob.wrappedKey().ciphertext()),
					Integer.toUnsignedLong(blob.wrappedKey().masterKeyId()), createdBy, now.toEpochMilli())
			.update();
		for (BlobPart part : blob.parts()) {
			this.jdbc
				.sql("insert into blob_parts (blob_id, part_number, plaintext_size, ciphertext_size) "
						+ "values (?, ?, ?, ?)")
				.params(blob.blobId(), part.number(), part.plaintextSize(), part.ciphertextSize())
				.update();
		}
	}

	void setCurrentVersion(String fileId, String versionId) {
		this.jdbc.sql("update files set current_version_id = ? where id = ?").params(versionId, fileId).update();
	}

	/** Points the file at its highest-numbered remaining version. */
	void resetCurrentVersion(String fileId, Instant now) {
		String latest = this.jdbc.sql("select id from file_versions where file_id = ? order by number desc")
			.param(fileId)
			.query(String.class)
			.list()
			.getFirst();
		this.jdbc.sql("update files set current_version_id = ?, updated_at = ? where id = ?")
			.params(latest, now.toEpochMilli(), fileId)
			.update();
	}

	int rename(String ownerId, String fileId, String name, Instant now) {
		return this.jdbc.sql("update files set name = ?, updated_at = ? where id = ? and owner_id = ?")
			.params(name, now.toEpochMilli(), fileId, ownerId)
			.update();
	}

	/** Deletes a version with its wrapped data key and parts. */
	void deleteVersion(String versionId) {
		this.jdbc.sql("delete from file_versions where id = ?").param(versionId).update();
	}

	/**
	 * Deletes a file; its versions, wrapped keys and parts go with it (ON DELETE
	 * CASCADE).
	 */
	void deleteFile(String ownerId, String fileId) {
		this.jdbc.sql("update files set current_version_id = null where id = ? and owner_id = ?")
			.params(fileId, ownerId)
			.update();
		this.jdbc.sql("delete from files where id = ? and owner_id = ?").params(fileId, ownerId).update();
	}

	/** Plaintext bytes stored by a user, all versions of all their files counted. */
	long usage(String ownerId) {
		return this.jdbc
			.sql("select coalesce(sum(v.size), 0) from file_versions v join files f on f.id = v.file_id "
					+ "where f.owner_id = ?")
			.param(ownerId)
			.query(Long.class)
			.single();
	}

	/** Plaintext bytes stored per owner id (owners without files are absent). */
	java.util.Map<String, Long> usageByOwner() {
		java.util.Map<String, Long> usage = new java.util.HashMap<>();
		this.jdbc
			.sql("select f.owner_id, coalesce(sum(v.size), 0) from file_versions v join files f on f.id = v.file_id "
					+ "group by f.owner_id")
			.query((rs) -> {
				usage.put(rs.getString(1), rs.getLong(2));
			});
		return usage;
	}

	/** Locks the user's row so concurrent uploads check the quota one after another. */
	void lockOwner(String ownerId) {
		this.jdbc.sql("select id from users where id = ? for update").param(ownerId).query(String.class).optional();
	}

	/** The user's own quota, if an admin set one. */
	Optional<Long> quota(String ownerId) {
		return this.jdbc.sql("select quota_bytes from users where id = ?").param(ownerId).query((rs, row) -> {
			long value = rs.getLong(1);
			return rs.wasNull() ? null : value;
		}).optional();
	}

	/**
	 * Records the CRC-32 of a version stored before CRC-32s were (computed from its
	 * content); a value already there stays.
	 */
	void recordCrc32(String versionId, long crc32) {
		this.jdbc.sql("update file_versions set crc32 = ? where id = ? and crc32 is null")
			.params(crc32, versionId)
			.update();
	}

	/**
	 * Records the preview type of a version stored before preview types were (told from
	 * its content); a value already there stays.
	 */
	void recordPreviewType(String versionId, PreviewType type) {
		this.jdbc.sql("update file_versions set preview_type = ? where id = ? and preview_type is null")
			.params(type.name(), versionId)
			.update();
	}

	/** Whether any version references this blob (used by the orphan sweeper). */
	boolean isReferenced(String blobId) {
		return this.jdbc.sql("select count(*) from file_versions where blob_id = ?")
			.param(blobId)
			.query(Long.class)
			.single() > 0;
	}

	private static StoredFile mapFile(ResultSet rs, int row) throws SQLException {
		return new StoredFile(rs.getString("id"), rs.getString("owner_id"), rs.getString("name"),
				Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")),
				rs.getInt("number"), rs.getLong("size"), rs.getString("sha256"), rs.getInt("version_count"));
	}

	private static PreviewType previewType(String name) {
		return (name != null) ? PreviewType.valueOf(name) : null;
	}

	private static FileVersion mapVersion(ResultSet rs, int row) throws SQLException {
		WrappedDataKey key = new WrappedDataKey(Base64.getDecoder().decode(rs.getString("wrapped_dek")),
				(int) rs.getLong("kek_id"));
		return new FileVersion(rs.getString("id"), rs.getString("file_id"), rs.getInt("number"), rs.getLong("size"),
				rs.getString("sha256"), rs.getObject("crc32", Long.class), previewType(rs.getString("preview_type")),
				rs.getString("blob_id"), key, rs.getString("created_by"),
				Instant.ofEpochMilli(rs.getLong("created_at")));
	}

}
