package dev.coffer.server.keys;

import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.coffer.crypto.WrappedDataKey;

/**
 * The wrapped data keys as the re-wrap job sees them, the rotation history, and job
 * leases. Master key ids are stored as unsigned values ({@code BIGINT}), as in
 * {@code file_versions.kek_id}.
 */
@Repository
class KeyRepository {

	private final JdbcClient jdbc;

	private final List<SealedSecretTable> secretTables;

	KeyRepository(JdbcClient jdbc, List<SealedSecretTable> secretTables) {
		this.jdbc = jdbc;
		this.secretTables = List.copyOf(secretTables);
	}

	/**
	 * How many keys each master key wraps, by master key id: the data keys of file
	 * versions, the keys of sealed secrets (TOTP secrets, link tokens) and the audit
	 * log's MAC keys, counted apart.
	 */
	Map<Integer, WrappedCounts> dataKeysPerMasterKey() {
		Map<Integer, WrappedCounts> counts = new LinkedHashMap<>();
		this.jdbc.sql("select kek_id, count(*) from file_versions group by kek_id order by kek_id").query((rs) -> {
			counts.merge((int) rs.getLong(1), new WrappedCounts(rs.getLong(2), 0, 0), WrappedCounts::plus);
		});
		for (SealedSecretTable secrets : this.secretTables) {
			this.jdbc
				.sql("select " + secrets.masterKeyColumn() + ", count(*) from " + secrets.table() + " where "
						+ secrets.masterKeyColumn() + " is not null group by " + secrets.masterKeyColumn())
				.query((rs) -> {
					counts.merge((int) rs.getLong(1), WrappedCounts.of(secrets.kind(), rs.getLong(2)),
							WrappedCounts::plus);
				});
		}
		return counts;
	}

	/**
	 * Keys of file versions, of sealed secrets and audit MAC keys that
	 * {@code masterKeyId} wraps.
	 */
	long dataKeysWrappedBy(int masterKeyId) {
		return countAll("=", masterKeyId);
	}

	/**
	 * Keys of file versions, of sealed secrets and audit MAC keys that
	 * {@code masterKeyId} does not wrap.
	 */
	long dataKeysNotWrappedBy(int masterKeyId) {
		return countAll("<>", masterKeyId);
	}

	private long countAll(String comparison, int masterKeyId) {
		long count = count("select count(*) from file_versions where kek_id " + comparison + " ?", masterKeyId);
		for (SealedSecretTable secrets : this.secretTables) {
			count += count("select count(*) from " + secrets.table() + " where " + secrets.masterKeyColumn() + " "
					+ comparison + " ?", masterKeyId);
		}
		return count;
	}

	private long count(String sql, int masterKeyId) {
		return this.jdbc.sql(sql).param(Integer.toUnsignedLong(masterKeyId)).query(Long.class).single();
	}

	/** The tables of sealed keys that features declared. */
	List<SealedSecretTable> secretTables() {
		return this.secretTables;
	}

	/**
	 * The next batch of keys in {@code secrets} not wrapped by {@code masterKeyId}, in
	 * row id order after {@code afterRowId} (keyset pagination, as for file versions:
	 * TOTP secrets, link tokens and audit MAC keys are few, thumbnails' keys may be as
	 * many as versions).
	 */
	List<SealedSecretKey> secretKeysNotWrappedBy(SealedSecretTable secrets, int masterKeyId, String afterRowId,
			int limit) {
		return this.jdbc
			.sql("select " + secrets.idColumn() + ", " + secrets.wrappedKeyColumn() + ", " + secrets.masterKeyColumn()
					+ " from " + secrets.table() + " where " + secrets.masterKeyColumn() + " <> ? and "
					+ secrets.idColumn() + " > ? order by " + secrets.idColumn() + " limit ?")
			.params(Integer.toUnsignedLong(masterKeyId), afterRowId, limit)
			.query((rs, row) -> new SealedSecretKey(secrets, rs.getString(1),
					new WrappedDataKey(Base64.getDecoder().decode(rs.getString(2)), (int) rs.getLong(3))))
			.list();
	}

	/**
	 * Replaces the wrapped key in a {@link SealedSecretTable} if it is still the one that
	 * was read.
	 * @return whether the row was changed
	 */
	boolean replaceSecretKey(SealedSecretKey old, WrappedDataKey rewrapped) {
		SealedSecretTable secrets = old.table();
		return this.jdbc
			.sql("update " + secrets.table() + " set " + secrets.wrappedKeyColumn() + " = ?, "
					+ secrets.masterKeyColumn() + " = ? where " + secrets.idColumn() + " = ? and "
					+ secrets.masterKeyColumn() + " = ? and " + secrets.wrappedKeyColumn() + " = ?")
			.params(Base64.getEncoder().encodeToString(rewrapped.ciphertext()),
					Integer.toUnsignedLong(rewrapped.masterKeyId()), old.rowId(),
					Integer.toUnsignedLong(old.wrapped().masterKeyId()),
					Base64.getEncoder().encodeToString(old.wrapped().ciphertext()))
			.update() == 1;
	}

	/**
	 * The next batch of data keys not wrapped by {@code masterKeyId}, in version id order
	 * after {@code afterVersionId} (keyset pagination, so that a key that cannot be
	 * re-wrapped is passed over instead of being fetched again and again).
	 */
	List<StoredDataKey> dataKeysNotWrappedBy(int masterKeyId, String afterVersionId, int limit) {
		return this.jdbc
			.sql("select id, blob_id, wrapped_dek, kek_id from file_versions where kek_id <> ? and id > ? "
					+ "order by id limit ?")
			.params(Integer.toUnsignedLong(masterKeyId), afterVersionId, limit)
			.query((rs, row) -> new StoredDataKey(rs.getString(1), rs.getString(2),
					new WrappedDataKey(Base64.getDecoder().decode(rs.getString(3)), (int) rs.getLong(4))))
			.list();
	}

	/**
	 * Replaces a wrapped data key if it is still the one that was read: a version deleted
	 * or re-wrapped meanwhile is left alone.
	 * @return whether the row was changed
	 */
	boolean replaceWrappedKey(StoredDataKey old, WrappedDataKey rewrapped) {
		return this.jdbc
			.sql("update file_versions set wrapped_dek = ?, kek_id = ? where id = ? and kek_id = ? and wrapped_dek = ?")
			.params(Base64.getEncoder().encodeToString(rewrapped.ciphertext()),
					Integer.toUnsignedLong(rewrapped.masterKeyId()), old.versionId(),
					Integer.toUnsignedLong(old.wrapped().masterKeyId()),
					Base64.getEncoder().encodeToString(old.wrapped().ciphertext()))
			.update() == 1;
	}

	/**
	 * @return the rotation's id
	 */
	String insertRotation(int newKeyId, Integer previousKeyId, Instant at, String by) {
		String id = UUID.randomUUID().toString();
		this.jdbc
			.sql("insert into key_rotations (id, new_key_id, previous_key_id, rotated_at, rotated_by) "
					+ "values (?, ?, ?, ?, ?)")
			.params(id, Integer.toUnsignedLong(newKeyId),
					(previousKeyId != null) ? Integer.toUnsignedLong(previousKeyId) : null, at.toEpochMilli(), by)
			.update();
		return id;
	}

	void deleteRotation(String id) {
		this.jdbc.sql("delete from key_rotations where id = ?").param(id).update();
	}

	Optional<Rotation> latestRotation() {
		return this.jdbc
			.sql("select id, new_key_id, previous_key_id, rotated_at, rotated_by, rewrap_completed_at "
					+ "from key_rotations order by rotated_at desc, id desc limit 1")
			.query((rs, row) -> {
				long previous = rs.getLong(3);
				Integer previousKeyId = rs.wasNull() ? null : (int) previous;
				long completed = rs.getLong(6);
				Instant completedAt = rs.wasNull() ? null : Instant.ofEpochMilli(completed);
				return new Rotation(rs.getString(1), (int) rs.getLong(2), previousKeyId,
						Instant.ofEpochMilli(rs.getLong(4)), rs.getString(5), completedAt);
			})
			.optional();
	}

	/** Whether a key was ever recorded as a rotation's new or previous key. */
	boolean wasRecorded(int masterKeyId) {
		long id = Integer.toUnsignedLong(masterKeyId);
		return this.jdbc.sql("select count(*) from key_rotations where new_key_id = ? or previous_key_id = ?")
			.params(id, id)
			.query(Long.class)
			.single() > 0;
	}

	/**
	 * @return whether this call marked it (false if it was already complete)
	 */
	boolean markRewrapCompleted(String rotationId, Instant at) {
		return this.jdbc
			.sql("update key_rotations set rewrap_completed_at = ? where id = ? and rewrap_completed_at is null")
			.params(at.toEpochMilli(), rotationId)
			.update() == 1;
	}

	/**
	 * What one master key wraps.
	 *
	 * @param fileVersions data keys of file versions (one per version)
	 * @param secrets keys of sealed secrets ({@link SealedSecretTable.Kind#DATA_KEY}:
	 * TOTP secrets, link tokens)
	 * @param auditMacKeys the audit log's MAC keys
	 * ({@link SealedSecretTable.Kind#MAC_KEY})
	 */
	record WrappedCounts(long fileVersions, long secrets, long auditMacKeys) {

		static final WrappedCounts NONE = new WrappedCounts(0, 0, 0);

		static WrappedCounts of(SealedSecretTable.Kind kind, long count) {
			return switch (kind) {
				case DATA_KEY -> new WrappedCounts(0, count, 0);
				case MAC_KEY -> new WrappedCounts(0, 0, count);
			};
		}

		WrappedCounts plus(WrappedCounts other) {
			return new WrappedCounts(this.fileVersions + other.fileVersions, this.secrets + other.secrets,
					this.auditMacKeys + other.auditMacKeys);
		}

	}

	/**
	 * The wrapped data key of a file version: the version's id, bound to its blob id.
	 */
	record StoredDataKey(String versionId, String blobId, WrappedDataKey wrapped) {
	}

	/** A wrapped key in a row of {@code table}. */
	record SealedSecretKey(SealedSecretTable table, String rowId, WrappedDataKey wrapped) {

		String boundId() {
			return this.table.boundId(this.rowId);
		}

	}

}
