package dev.coffer.server.files;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.coffer.server.files.TrashEntry.Kind;

/**
 * The trash in the files and folders tables: a trashed row keeps its place and gives up
 * its name (V25__trash.sql). Changes run under the owner's lock
 * ({@link FileRepository#lockOwner}), like every change of names.
 */
@Repository
class TrashRepository {

	private static final String FILES = "select f.id, f.owner_id, f.trashed_name, f.folder_id, coalesce(p.trashed_name, p.name) as folder_name, "
			+ "(select coalesce(sum(v.size), 0) from file_versions v where v.file_id = f.id) as size, f.trashed_at "
			+ "from files f join folders p on p.id = f.folder_id where f.trashed_at is not null";

	private static final String FOLDERS = "select fo.id, fo.owner_id, fo.trashed_name, fo.parent_id, "
			+ "coalesce(p.trashed_name, p.name) as folder_name, null as size, fo.trashed_at "
			+ "from folders fo join folders p on p.id = fo.parent_id where fo.trashed_at is not null";

	private static final FileNameOrder ORDER = new FileNameOrder();

	private final JdbcClient jdbc;

	TrashRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Moves a file to the trash: it keeps its folder and gives up its name. */
	boolean trash(Kind kind, String ownerId, String id, Instant now) {
		String table = table(kind);
		return this.jdbc
			.sql("update " + table + " set trashed_at = ?, trashed_name = name, name = ? "
					+ "where id = ? and owner_id = ? and trashed_at is null")
			.params(now.toEpochMilli(), "/" + id, id, ownerId)
			.update() == 1;
	}

	/** Takes a file or folder out of the trash, into {@code folderId} as {@code name}. */
	void restore(Kind kind, String id, String folderId, String name, Instant now) {
		String parent = (kind == Kind.FILE) ? "folder_id" : "parent_id";
		this.jdbc
			.sql("update " + table(kind) + " set " + parent + " = ?, name = ?, sort_key = ?, trashed_at = null, "
					+ "trashed_name = null, updated_at = ? where id = ? and trashed_at is not null")
			.params(folderId, name, ORDER.sortKey(name), now.toEpochMilli(), id)
			.update();
	}

	/** What is in the owner's trash, most recently deleted first. */
	List<TrashEntry> entries(String ownerId) {
		List<TrashEntry> entries = new ArrayList<>();
		entries.addAll(this.jdbc.sql(FILES + " and f.owner_id = ?").param(ownerId).query(fileMapper()).list());
		entries.addAll(this.jdbc.sql(FOLDERS + " and fo.owner_id = ?").param(ownerId).query(folderMapper()).list());
		entries.sort(Comparator.comparing(TrashEntry::trashedAt).reversed().thenComparing(TrashEntry::id));
		return entries;
	}

	/**
	 * The bytes of every version of every file each of the owner's trashed folders holds,
	 * in it and below it, by folder id (one query for all); what was trashed on its own
	 * inside one is its own entry, so not counted in it. A folder that holds nothing is
	 * not in the map.
	 */
	Map<String, Long> folderSizes(String ownerId) {
		Map<String, Long> sizes = new HashMap<>();
		this.jdbc
			.sql("with recursive below (root, id, depth) as ("
					+ "select id, id, 0 from folders where owner_id = ? and trashed_at is not null union all "
					+ "select b.root, c.id, b.depth + 1 from below b join folders c on c.parent_id = b.id "
					+ "where c.trashed_at is null and b.depth < 10000) "
					+ "select b.root, coalesce(sum(v.size), 0) from below b join files f on f.folder_id = b.id "
					+ "join file_versions v on v.file_id = f.id where f.trashed_at is null group by b.root")
			.param(ownerId)
			.query((rs) -> {
				sizes.put(rs.getString(1), rs.getLong(2));
			});
		return sizes;
	}

	Optional<TrashEntry> find(Kind kind, String ownerId, String id) {
		return (kind == Kind.FILE)
				? this.jdbc.sql(FILES + " and f.owner_id = ? and f.id = ?")
					.params(ownerId, id)
					.query(fileMapper())
					.optional()
				: this.jdbc.sql(FOLDERS + " and fo.owner_id = ? and fo.id = ?")
					.params(ownerId, id)
					.query(folderMapper())
					.optional();
	}

	/** Up to {@code limit} entries of any owner deleted at or before {@code cutoff}. */
	List<TrashEntry> deletedBefore(Instant cutoff, int limit) {
		List<TrashEntry> entries = new ArrayList<>();
		entries.addAll(this.jdbc.sql(FILES + " and f.trashed_at <= ? order by f.trashed_at limit ?")
			.params(cutoff.toEpochMilli(), limit)
			.query(fileMapper())
			.list());
		entries.addAll(this.jdbc.sql(FOLDERS + " and fo.trashed_at <= ? order by fo.trashed_at limit ?")
			.params(cutoff.toEpochMilli(), limit)
			.query(folderMapper())
			.list());
		return entries;
	}

	private static String table(Kind kind) {
		return (kind == Kind.FILE) ? "files" : "folders";
	}

	private static RowMapper<TrashEntry> fileMapper() {
		return (rs, row) -> map(Kind.FILE, rs);
	}

	private static RowMapper<TrashEntry> folderMapper() {
		return (rs, row) -> map(Kind.FOLDER, rs);
	}

	private static TrashEntry map(Kind kind, ResultSet rs) throws SQLException {
		long size = rs.getLong(6);
		return new TrashEntry(kind, rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
				rs.wasNull() ? null : size, Instant.ofEpochMilli(rs.getLong(7)));
	}

}
