package dev.coffer.server.files;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
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

	private static final String FILE_COLUMNS = "f.id, f.owner_id, f.folder_id, f.name, f.created_at, f.updated_at, "
			+ "v.number, v.size, v.sha256, v.preview_type, v.end_to_end, (select count(*) from file_versions c where c.file_id = f.id) as version_count";

	private static final List<String> VERSION_FIELDS = List.of("id", "file_id", "number", "size", "sha256", "crc32",
			"preview_type", "blob_id", "wrapped_dek", "kek_id", "created_by", "created_at", "end_to_end");

	private static final String VERSION_COLUMNS = versionColumns("v", "");

	/**
	 * The version columns of table alias {@code r}, named {@code r_…}: read next to
	 * {@link #FILE_COLUMNS}, whose current-version columns have the plain names.
	 */
	private static final String READ_VERSION_PREFIX = "r_";

	/**
	 * After {@link #ACCESS_CTE}: the user's permission and how far up the nearest grant
	 * is, read by {@link #mapAccess} (two parameters, the user id twice). For the owner
	 * neither looks at the grants: the walk up the folders is the query's dearest part,
	 * and most requests are the owner's.
	 */
	private static final String ACCESS_COLUMNS = "case when f.owner_id = ? then 'OWNER' else "
			+ "(select g.permission from grants g order by g.depth limit 1) end as access, "
			+ "case when f.owner_id = ? then 0 else (select min(g.depth) from grants g) end as nearest";

	/**
	 * The folders above a file (parameter: its id), its own folder at depth 1, for a
	 * {@code with recursive} clause. The depth bound only guards against a cycle, which
	 * moves refuse.
	 */
	private static final String FILE_ANCESTORS = "ancestors (folder_id, depth) as ("
			+ "select folder_id, 1 from files where id = ? union all "
			+ "select fo.parent_id, a.depth + 1 from ancestors a join folders fo on fo.id = a.folder_id "
			+ "where fo.parent_id is not null and a.depth < 10000)";

	/**
	 * The one access policy as SQL, put before a statement that then reads
	 * {@link #GRANTED}: {@code ancestors} walks up from the file's folder to the root
	 * (one row per level, the file's own folder at depth 1), {@code grants} holds the
	 * user's grants on the file (depth 0) and on each folder above it. The nearest one
	 * decides. Parameters: file id, file id, user id, user id. Never cached: a revoked
	 * share, or a file moved out of a shared folder, stops counting on the next query.
	 */
	static final String ACCESS_CTE = "with recursive " + FILE_ANCESTORS
			+ ", grants (permission, depth) as (select permission, 0 from shares where file_id = ? and grantee_id = ? "
			+ "union all select fs.permission, a.depth from ancestors a "
			+ "join folder_shares fs on fs.folder_id = a.folder_id where fs.grantee_id = ?) ";

	/**
	 * After a clause with {@link #FILE_ANCESTORS}: file {@code f} is not in the trash,
	 * nor in a folder that is or lies inside one.
	 */
	private static final String NOT_TRASHED = "f.trashed_at is null and not exists (select 1 from ancestors ta "
			+ "join folders tf on tf.id = ta.folder_id where tf.trashed_at is not null)";

	/**
	 * After {@link #ACCESS_CTE}: file {@code f} is not in the trash, nor in a folder that
	 * is or lies inside one, and the user (one parameter) owns it or holds a grant on it
	 * or on a folder above it while its owner's account is enabled: a disabled account's
	 * shares count for nothing until it is enabled again (they are kept, not deleted).
	 */
	private static final String GRANTED = "(" + NOT_TRASHED + " and (f.owner_id = ? or (exists (select 1 from grants) "
			+ "and " + ownerEnabled("f") + ")))";

	/**
	 * The parts of read version {@code r}'s blob, one row each, so that a download finds
	 * what it opens in the query that proves access (a blob's parts never change). A left
	 * join: an empty blob may have none.
	 */
	private static final String PARTS_JOIN = " left join blob_parts p on p.blob_id = r.blob_id";

	private static final String PART_COLUMNS = "p.part_number as p_number, p.plaintext_size as p_plaintext_size, "
			+ "p.ciphertext_size as p_ciphertext_size";

	private static final FileNameOrder ORDER = new FileNameOrder();

	private final JdbcClient jdbc;

	FileRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * SQL: the owner of the row of table alias {@code alias} (a file or a folder, both
	 * with {@code owner_id}) has an enabled account. What anyone else reaches through
	 * that owner's shares depends on it.
	 */
	static String ownerEnabled(String alias) {
		return "exists (select 1 from users ou where ou.id = " + alias + ".owner_id and ou.enabled = true)";
	}

	/**
	 * The owner's files whose names contain {@code nameContains} (in any folder),
	 * ignoring case and accents, in the order {@code sort}. Filtered and ordered in Java,
	 * because accent-insensitive matching is not portable SQL; not paginated.
	 */
	List<StoredFile> search(String ownerId, String nameContains, FileSort sort, boolean descending) {
		Predicate<String> matches = FileNameOrder.containing(nameContains);
		return this.jdbc
			.sql(Trash.hiddenFolders("?") + "select " + FILE_COLUMNS
					+ " from files f join file_versions v on v.id = f.current_version_id "
					+ "where f.owner_id = ? and f.trashed_at is null and f.folder_id not in (select id from hidden)")
			.params(ownerId, ownerId)
			.query(FileRepository::mapFile)
			.list()
			.stream()
			.filter((file) -> matches.test(file.name()))
			.sorted(sort.order(descending))
			.toList();
	}

	/**
	 * Whether nothing points at the file but its own listing: no share, no public link
	 * (revoked ones count), no comment, and it did not arrive through a request link.
	 */
	boolean isUnreferenced(String fileId) {
		return this.jdbc
			.sql("select count(*) from files f where f.id = ? "
					+ "and not exists (select 1 from shares s where s.file_id = f.id) "
					+ "and not exists (select 1 from links l where l.file_id = f.id) "
					+ "and not exists (select 1 from comments c where c.file_id = f.id) "
					+ "and not exists (select 1 from received_files r where r.file_id = f.id)")
			.param(fileId)
			.query(Integer.class)
			.single() == 1;
	}

	/** Every file in one folder, in the order {@code sort} (in Java; not paginated). */
	List<StoredFile> inFolder(String folderId, FileSort sort, boolean descending) {
		return this.jdbc
			.sql("select " + FILE_COLUMNS + " from files f join file_versions v on v.id = f.current_version_id "
					+ "where f.folder_id = ? and f.trashed_at is null")
			.params(folderId)
			.query(FileRepository::mapFile)
			.list()
			.stream()
			.sorted(sort.order(descending))
			.toList();
	}

	/**
	 * A page of the files in a folder by name (sort key, then id), after the entry
	 * {@code afterKey}/{@code afterId} if given: keyset paging, so a page costs the same
	 * wherever it starts.
	 */
	List<StoredFile> pageByName(String folderId, String afterKey, String afterId, boolean descending, int limit) {
		String direction = descending ? "desc" : "asc";
		String after = (afterKey == null) ? "" : " and (f.sort_key " + (descending ? "<" : ">")
				+ " ? or (f.sort_key = ? and f.id " + (descending ? "<" : ">") + " ?))";
		var statement = this.jdbc.sql("select " + FILE_COLUMNS + " from files f "
				+ "join file_versions v on v.id = f.current_version_id where f.folder_id = ? and f.trashed_at is null"
				+ after + " order by f.sort_key " + direction + ", f.id " + direction + " limit ?")
			.param(folderId);
		if (afterKey != null) {
			statement = statement.param(afterKey).param(afterKey).param(afterId);
		}
		return statement.param(limit).query(FileRepository::mapFile).list();
	}

	/**
	 * A page of the files in a folder by size or modification time, ties by name: offset
	 * paging (these columns change, so a key would not stay put).
	 */
	List<StoredFile> pageByColumn(String folderId, FileSort sort, boolean descending, int offset, int limit) {
		String column = (sort == FileSort.SIZE) ? "v.size" : "f.updated_at";
		String order = " order by " + column + (descending ? " desc" : " asc") + ", f.sort_key, f.id";
		// The page's ids first, the full rows (with their version counts) for those only:
		// MariaDB otherwise builds every row of the folder, subquery and all, to sort
		// them.
		return this.jdbc
			.sql("select " + FILE_COLUMNS + " from (select f.id from files f "
					+ "join file_versions v on v.id = f.current_version_id where f.folder_id = ? "
					+ "and f.trashed_at is null" + order + " limit ? offset ?) p join files f on f.id = p.id "
					+ "join file_versions v on v.id = f.current_version_id" + order)
			.params(folderId, limit, offset)
			.query(FileRepository::mapFile)
			.list();
	}

	/** The sort key of a file, for the cursor after it. */
	String sortKeyOf(String fileId) {
		return this.jdbc.sql("select sort_key from files where id = ?").param(fileId).query(String.class).single();
	}

	/**
	 * The file with the user's permission on it, if the user owns it or holds a share of
	 * it or of a folder it is in (the nearest share decides): one query, whatever the
	 * depth.
	 */
	Optional<FileAccess> findAccess(String userId, String fileId) {
		return this.jdbc
			.sql(ACCESS_CTE + "select " + FILE_COLUMNS + ", " + ACCESS_COLUMNS
					+ " from files f join file_versions v on v.id = f.current_version_id where f.id = ? and " + GRANTED)
			.params(fileId, fileId, userId, userId, userId, userId, fileId, userId)
			.query(FileRepository::mapAccess)
			.optional();
	}

	/**
	 * Version {@code number}, or the current one if {@code number} is null, with the
	 * user's access to its file, if the user may see the file: what {@link #findAccess}
	 * and {@link #version} find, in one query.
	 */
	Optional<ReadableVersion> findReadable(String userId, String fileId, Integer number) {
		String which = (number == null) ? "r.id = f.current_version_id" : "r.number = ?";
		var statement = this.jdbc
			.sql(ACCESS_CTE + "select " + FILE_COLUMNS + ", " + ACCESS_COLUMNS + ", "
					+ versionColumns("r", READ_VERSION_PREFIX) + ", " + PART_COLUMNS
					+ " from files f join file_versions v on v.id = f.current_version_id "
					+ "join file_versions r on r.file_id = f.id and " + which + PARTS_JOIN + " where f.id = ? and "
					+ GRANTED + " order by p.part_number")
			.params(fileId, fileId, userId, userId, userId, userId);
		if (number != null) {
			statement = statement.param(number);
		}
		return statement.params(fileId, userId).query(FileRepository::mapReadable);
	}

	/**
	 * The current version of the file with READ access, if the file lies in folder
	 * {@code topId} or below it and nothing on its way up is in the trash: what a public
	 * link to {@code topId} reaches, in one query, as {@link #findReadable} for a user.
	 */
	Optional<ReadableVersion> findReadableWithin(String topId, String fileId) {
		return this.jdbc
			.sql("with recursive " + FILE_ANCESTORS + " select " + FILE_COLUMNS + ", 'READ' as access, 1 as nearest, "
					+ versionColumns("r", READ_VERSION_PREFIX) + ", " + PART_COLUMNS + " from files f "
					+ "join file_versions v on v.id = f.current_version_id "
					+ "join file_versions r on r.id = f.current_version_id" + PARTS_JOIN + " where f.id = ? and "
					+ NOT_TRASHED + " and exists (select 1 from ancestors where folder_id = ?) order by p.part_number")
			.params(fileId, fileId, topId)
			.query(FileRepository::mapReadable);
	}

	/** The file of this name in a folder (an owner's id is their root folder's). */
	Optional<StoredFile> findByName(String folderId, String name) {
		return this.jdbc
			.sql("select " + FILE_COLUMNS + " from files f join file_versions v on v.id = f.current_version_id "
					+ "where f.folder_id = ? and f.name = ?")
			.params(folderId, name)
			.query(FileRepository::mapFile)
			.optional();
	}

	/**
	 * The id of the file with this name in a folder, if any (also while it has no version
	 * yet).
	 */
	Optional<String> findIdByName(String folderId, String name) {
		return this.jdbc.sql("select id from files where folder_id = ? and name = ?")
			.params(folderId, name)
			.query(String.class)
			.optional();
	}

	/** The versions of a file the user may see, newest first. */
	List<FileVersion> versions(String userId, String fileId) {
		return this.jdbc
			.sql(ACCESS_CTE + "select " + VERSION_COLUMNS + " from file_versions v join files f on f.id = v.file_id "
					+ "where f.id = ? and " + GRANTED + " order by v.number desc")
			.params(fileId, fileId, userId, userId, fileId, userId)
			.query(FileRepository::mapVersion)
			.list();
	}

	/**
	 * Version {@code number}, or the current one if {@code number} is null, of a file the
	 * user may see.
	 */
	Optional<FileVersion> version(String userId, String fileId, Integer number) {
		String which = (number == null) ? "v.id = f.current_version_id" : "v.number = ?";
		var statement = this.jdbc
			.sql(ACCESS_CTE + "select " + VERSION_COLUMNS + " from file_versions v join files f on f.id = v.file_id "
					+ "where f.id = ? and " + GRANTED + " and " + which)
			.params(fileId, fileId, userId, userId, fileId, userId);
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

	void insertFile(String id, String ownerId, String folderId, String name, Instant now) {
		this.jdbc
			.sql("insert into files (id, owner_id, folder_id, name, sort_key, current_version_id, last_version, "
					+ "created_at, updated_at) values (?, ?, ?, ?, ?, null, 0, ?, ?)")
			.params(id, ownerId, folderId, name, ORDER.sortKey(name), now.toEpochMilli(), now.toEpochMilli())
			.update();
	}

	/**
	 * Takes the next version number of a file. The update locks the file's row until the
	 * transaction ends, so concurrent uploads get consecutive numbers, never the same
	 * one.
	 * @return the number, whether the current version (if any) is end-to-end encrypted
	 * and its SHA-256, or empty if the owner has no such file
	 */
	Optional<NextVersion> nextVersion(String ownerId, String fileId, Instant now) {
		int updated = this.jdbc
			.sql("update files set last_version = last_version + 1, updated_at = ? where id = ? and owner_id = ?")
			.params(now.toEpochMilli(), fileId, ownerId)
			.update();
		if (updated == 0) {
			return Optional.empty();
		}
		return Optional.of(this.jdbc
			.sql("select f.last_version, v.end_to_end, v.sha256 from files f "
					+ "left join file_versions v on v.id = f.current_version_id where f.id = ?")
			.param(fileId)
			.query((rs, row) -> new NextVersion(rs.getInt(1), rs.getBoolean(2), rs.getString(3)))
			.single());
	}

	/**
	 * A file's next version number, and whether its current version is end-to-end
	 * encrypted and its SHA-256 (null if it has none yet), for the preconditions of the
	 * write.
	 */
	record NextVersion(int number, boolean currentIsEndToEnd, String currentSha256) {
	}

	/**
	 * @param endToEnd whether the content is a client's end-to-end ciphertext, which
	 * allows no preview
	 */
	void insertVersion(String ownerId, String versionId, String fileId, int number, StoredBlob blob, String createdBy,
			Instant now, boolean endToEnd) {
		PreviewType previewType = endToEnd ? PreviewType.NONE : PreviewType.detect(blob.head());
		this.jdbc
			.sql("insert into file_versions (id, file_id, number, size, sha256, crc32, preview_type, blob_id, "
					+ "wrapped_dek, kek_id, created_by, created_at, end_to_end) "
					+ "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(versionId, fileId, number, blob.size(), blob.sha256(), blob.crc32(), previewType.name(),
					blob.blobId(), Base64.getEncoder().encodeToString(blob.wrappedKey().ciphertext()),
					Integer.toUnsignedLong(blob.wrappedKey().masterKeyId()), createdBy, now.toEpochMilli(), endToEnd)
			.update();
		for (BlobPart part : blob.parts()) {
			this.jdbc
				.sql("insert into blob_parts (blob_id, part_number, plaintext_size, ciphertext_size) "
						+ "values (?, ?, ?, ?)")
				.params(blob.blobId(), part.number(), part.plaintextSize(), part.ciphertextSize())
				.update();
		}
		addUsage(ownerId, blob.size());
	}

	/**
	 * Changes the bytes the owner stores by {@code bytes} (negative for versions
	 * deleted). The caller holds the owner's row lock ({@link #lockOwner}).
	 */
	private void addUsage(String ownerId, long bytes) {
		this.jdbc.sql("update users set used_bytes = used_bytes + ? where id = ?").params(bytes, ownerId).update();
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

	/** Gives the owner's file a new name and folder (either may be the one it has). */
	int move(String ownerId, String fileId, String folderId, String name, Instant now) {
		return this.jdbc
			.sql("update files set folder_id = ?, name = ?, sort_key = ?, updated_at = ? where id = ? and owner_id = ?")
			.params(folderId, name, ORDER.sortKey(name), now.toEpochMilli(), fileId, ownerId)
			.update();
	}

	/**
	 * Deletes a version with its wrapped data key and parts. The caller holds the owner's
	 * row lock ({@link #lockOwner}), whose stored usage this changes.
	 */
	void deleteVersion(String ownerId, FileVersion version) {
		addUsage(ownerId, -version.size());
		this.jdbc.sql("delete from file_versions where id = ?").param(version.id()).update();
	}

	/**
	 * Deletes a file; its versions, wrapped keys and parts go with it (ON DELETE
	 * CASCADE). The caller holds the owner's row lock ({@link #lockOwner}), whose stored
	 * usage this changes.
	 */
	void deleteFile(String ownerId, String fileId) {
		addUsage(ownerId,
				-this.jdbc
					.sql("select coalesce(sum(v.size), 0) from file_versions v join files f on f.id = v.file_id "
							+ "where f.id = ? and f.owner_id = ?")
					.params(fileId, ownerId)
					.query(Long.class)
					.single());
		this.jdbc.sql("update files set current_version_id = null where id = ? and owner_id = ?")
			.params(fileId, ownerId)
			.update();
		this.jdbc.sql("delete from files where id = ? and owner_id = ?").params(fileId, ownerId).update();
	}

	/** A file's current version, with the file's name and folder. */
	record CurrentVersion(String name, String folderId, FileVersion version) {
	}

	/**
	 * The current versions of the files (not in the trash) in these folders (at most
	 * 1,000 ids), by name.
	 */
	List<CurrentVersion> currentVersionsIn(List<String> folderIds) {
		return this.jdbc
			.sql("select " + VERSION_COLUMNS + ", f.name, f.folder_id, f.sort_key from file_versions v "
					+ "join files f on f.current_version_id = v.id where f.folder_id in (" + marks(folderIds.size())
					+ ") and f.trashed_at is null order by f.sort_key, f.id")
			.params(folderIds.toArray())
			.query((rs, row) -> new CurrentVersion(rs.getString("name"), rs.getString("folder_id"),
					mapVersion(rs, row)))
			.list();
	}

	/** Every version of a file, in the trash or not: for deleting it. */
	List<FileVersion> allVersions(String fileId) {
		return this.jdbc.sql("select " + VERSION_COLUMNS + " from file_versions v where v.file_id = ?")
			.param(fileId)
			.query(FileRepository::mapVersion)
			.list();
	}

	/** Every version of every file in these folders (at most 1,000 ids). */
	List<FileVersion> versionsInFolders(List<String> folderIds) {
		return this.jdbc
			.sql("select " + VERSION_COLUMNS + " from file_versions v join files f on f.id = v.file_id "
					+ "where f.folder_id in (" + marks(folderIds.size()) + ")")
			.params(folderIds.toArray())
			.query(FileRepository::mapVersion)
			.list();
	}

	/**
	 * Deletes every file in these folders (at most 1,000 ids), with their versions and
	 * wrapped keys (ON DELETE CASCADE): crypto-shredding, as {@link #deleteFile}.
	 */
	void deleteInFolders(String ownerId, List<String> folderIds) {
		String in = "(" + marks(folderIds.size()) + ")";
		// A file's folder is its owner's (files_folder_fk), so all of it is theirs.
		addUsage(ownerId,
				-this.jdbc
					.sql("select coalesce(sum(v.size), 0) from file_versions v join files f on f.id = v.file_id "
							+ "where f.folder_id in " + in)
					.params(folderIds.toArray())
					.query(Long.class)
					.single());
		this.jdbc.sql("update files set current_version_id = null where folder_id in " + in)
			.params(folderIds.toArray())
			.update();
		this.jdbc.sql("delete from files where folder_id in " + in).params(folderIds.toArray()).update();
	}

	private static String marks(int count) {
		return String.join(", ", java.util.Collections.nCopies(count, "?"));
	}

	/** Bytes stored per owner id (owners without files are absent). */
	java.util.Map<String, Long> usageByOwner() {
		java.util.Map<String, Long> usage = new java.util.HashMap<>();
		this.jdbc
			.sql("select u.id, u.used_bytes from users u where exists (select 1 from files f where f.owner_id = u.id)")
			.query((rs) -> {
				usage.put(rs.getString(1), rs.getLong(2));
			});
		return usage;
	}

	/**
	 * Locks the user's row so concurrent uploads check the quota one after another, and
	 * every change to the names in the user's tree (a name is unique among the files
	 * <em>and</em> folders of a folder, which two tables cannot enforce) happens one at a
	 * time, and every change to the bytes the user stores ({@code users.used_bytes}) is
	 * counted one at a time; taken first in the transaction, so on MariaDB (repeatable
	 * read) what the transaction reads next is what the previous holder committed. Also
	 * makes the user's root folder, if they have none yet (accounts made after folders
	 * came get it with their first file or folder).
	 */
	void lockOwner(String ownerId) {
		boolean exists = this.jdbc.sql("select id from users where id = ? for update")
			.param(ownerId)
			.query(String.class)
			.optional()
			.isPresent();
		if (exists && this.jdbc.sql("select count(*) from folders where id = ?")
			.param(ownerId)
			.query(Long.class)
			.single() == 0) {
			// Made with the account, as far as anyone can tell: that is the time it
			// showed before it had a row (FolderRepository#unstoredRoot).
			this.jdbc
				.sql("insert into folders (id, owner_id, parent_id, name, sort_key, created_at, updated_at) "
						+ "select id, id, null, '', '', created_at, created_at from users where id = ?")
				.param(ownerId)
				.update();
		}
	}

	/**
	 * What a user stores, all versions of all their files counted (the trash too: the
	 * count kept in their row, changed with every version added or deleted), and their
	 * own quota (null if no admin set one), in one query: what every upload's quota check
	 * reads. Zero and no quota for no such user.
	 */
	Storage storage(String ownerId) {
		return this.jdbc.sql("select used_bytes, quota_bytes from users where id = ?")
			.param(ownerId)
			.query((rs, row) -> {
				long used = rs.getLong(1);
				long quota = rs.getLong(2);
				return new Storage(used, rs.wasNull() ? null : quota);
			})
			.optional()
			.orElse(new Storage(0, null));
	}

	/**
	 * @param quota null for the default quota
	 */
	record Storage(long used, Long quota) {
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

	/**
	 * Whether any version, a version's thumbnail or an unfinished resumable upload
	 * references this blob (used by the orphan sweeper).
	 */
	boolean isReferenced(String blobId) {
		return this.jdbc
			.sql("select (select count(*) from file_versions where blob_id = ?) "
					+ "+ (select count(*) from version_thumbnails where blob_id = ?) "
					+ "+ (select count(*) from resumable_uploads where blob_id = ?)")
			.params(blobId, blobId, blobId)
			.query(Long.class)
			.single() > 0;
	}

	private static StoredFile mapFile(ResultSet rs, int row) throws SQLException {
		return new StoredFile(rs.getString("id"), rs.getString("owner_id"), rs.getString("folder_id"),
				rs.getString("name"), Instant.ofEpochMilli(rs.getLong("created_at")),
				Instant.ofEpochMilli(rs.getLong("updated_at")), rs.getInt("number"), rs.getLong("size"),
				rs.getString("sha256"), previewType(rs.getString("preview_type")), rs.getInt("version_count"),
				rs.getBoolean("end_to_end"));
	}

	private static PreviewType previewType(String name) {
		return (name != null) ? PreviewType.valueOf(name) : null;
	}

	/** What {@link #findReadable} found: one row per part of the version's blob. */
	private static Optional<ReadableVersion> mapReadable(ResultSet rs) throws SQLException {
		if (!rs.next()) {
			return Optional.empty();
		}
		FileAccess access = mapAccess(rs, 0);
		FileVersion version = mapVersion(rs, READ_VERSION_PREFIX);
		List<BlobPart> parts = new ArrayList<>();
		do {
			int number = rs.getInt("p_number");
			if (!rs.wasNull()) {
				parts.add(new BlobPart(number, rs.getLong("p_plaintext_size"), rs.getLong("p_ciphertext_size")));
			}
		}
		while (rs.next());
		return Optional.of(new ReadableVersion(access, version, List.copyOf(parts)));
	}

	private static FileAccess mapAccess(ResultSet rs, int row) throws SQLException {
		Permission permission = Permission.valueOf(rs.getString("access"));
		return new FileAccess(mapFile(rs, row), permission, permission != Permission.OWNER && rs.getInt("nearest") > 0);
	}

	/**
	 * {@link #VERSION_FIELDS} of table {@code alias}, each named {@code prefix + field}.
	 */
	private static String versionColumns(String alias, String prefix) {
		return String.join(", ",
				VERSION_FIELDS.stream()
					.map((field) -> alias + "." + field + (prefix.isEmpty() ? "" : " as " + prefix + field))
					.toList());
	}

	private static FileVersion mapVersion(ResultSet rs, int row) throws SQLException {
		return mapVersion(rs, "");
	}

	private static FileVersion mapVersion(ResultSet rs, String prefix) throws SQLException {
		WrappedDataKey key = new WrappedDataKey(Base64.getDecoder().decode(rs.getString(prefix + "wrapped_dek")),
				(int) rs.getLong(prefix + "kek_id"));
		return new FileVersion(rs.getString(prefix + "id"), rs.getString(prefix + "file_id"),
				rs.getInt(prefix + "number"), rs.getLong(prefix + "size"), rs.getString(prefix + "sha256"),
				rs.getObject(prefix + "crc32", Long.class), previewType(rs.getString(prefix + "preview_type")),
				rs.getString(prefix + "blob_id"), key, rs.getString(prefix + "created_by"),
				Instant.ofEpochMilli(rs.getLong(prefix + "created_at")), rs.getBoolean(prefix + "end_to_end"));
	}

}
