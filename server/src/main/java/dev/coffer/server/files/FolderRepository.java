package dev.coffer.server.files;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Folders: an adjacency list (each row names its parent). What is above a folder is found
 * by walking up with one recursive query, so the cost of an access check grows with
 * nothing but the depth the database walks internally, and moving or renaming a folder
 * changes its own row only, whatever lies below it. Changes to names take the owner's row
 * lock first ({@link FileRepository#lockOwner}).
 */
@Repository
class FolderRepository {

	private static final String COLUMNS = "fo.id, fo.owner_id, fo.parent_id, fo.name, fo.created_at, fo.updated_at";

	/**
	 * The folder (parameter: its id, at depth 0) and every folder above it. The depth
	 * bound only guards against a cycle, which moves refuse.
	 */
	private static final String ANCESTORS = "with recursive ancestors (folder_id, depth) as ("
			+ "select id, 0 from folders where id = ? union all "
			+ "select fo.parent_id, a.depth + 1 from ancestors a join folders fo on fo.id = a.folder_id "
			+ "where fo.parent_id is not null and a.depth < 10000) ";

	/**
	 * After {@link #ANCESTORS}: the user's grants (parameter: user id), nearest first.
	 */
	private static final String GRANTS = "from ancestors a join folder_shares fs on fs.folder_id = a.folder_id "
			+ "where fs.grantee_id = ?";

	private static final FileNameOrder ORDER = new FileNameOrder();

	private final JdbcClient jdbc;

	FolderRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The folder with the user's permission in it, if they own it or a folder on its path
	 * is shared with them (the nearest share decides) by an owner whose account is
	 * enabled, and neither it nor a folder above it is in the trash: one query, whatever
	 * the depth.
	 */
	Optional<FolderAccess> findAccess(String userId, String folderId) {
		return this.jdbc
			.sql(ANCESTORS + "select " + COLUMNS + ", case when fo.owner_id = ? then 'OWNER' else "
					+ "(select fs.permission " + GRANTS + " order by a.depth limit 1) end as access "
					+ "from folders fo where fo.id = ? and not exists (select 1 from ancestors ta "
					+ "join folders tf on tf.id = ta.folder_id where tf.trashed_at is not null) "
					+ "and (fo.owner_id = ? or (exists (select 1 " + GRANTS + ") and "
					+ FileRepository.ownerEnabled("fo") + "))")
			.params(folderId, userId, userId, folderId, userId, userId)
			.query((rs, row) -> new FolderAccess(map(rs, row), Permission.valueOf(rs.getString("access"))))
			.optional();
	}

	/**
	 * The user's top folder as it is before anything was put in it (it has no row yet):
	 * made with the account, untouched since; empty for no such user.
	 */
	Optional<Folder> unstoredRoot(String userId) {
		return this.jdbc.sql("select created_at from users where id = ?").param(userId).query((rs, row) -> {
			Instant created = Instant.ofEpochMilli(rs.getLong(1));
			return new Folder(userId, userId, null, "", created, created);
		}).optional();
	}

	/**
	 * The folder, if it is {@code topId} or lies inside it, and neither it nor a folder
	 * above it is in the trash: what a public link to {@code topId} reaches, in one
	 * query.
	 */
	Optional<Folder> findWithin(String topId, String folderId) {
		return this.jdbc
			.sql(ANCESTORS + "select " + COLUMNS + " from folders fo where fo.id = ? "
					+ "and exists (select 1 from ancestors where folder_id = ?) and not exists (select 1 "
					+ "from ancestors ta join folders tf on tf.id = ta.folder_id where tf.trashed_at is not null)")
			.params(folderId, folderId, topId)
			.query(FolderRepository::map)
			.optional();
	}

	/** A folder on a path, with whether it is shared with the user asking. */
	record PathStep(Folder folder, boolean sharedWithUser) {
	}

	/** The folder and every folder above it, the root first: one query. */
	List<PathStep> path(String userId, String folderId) {
		List<PathStep> steps = this.jdbc
			.sql(ANCESTORS + "select " + COLUMNS + ", a.depth, (select count(*) from folder_shares s "
					+ "where s.folder_id = fo.id and s.grantee_id = ?) as shared "
					+ "from ancestors a join folders fo on fo.id = a.folder_id order by a.depth desc")
			.params(folderId, userId)
			.query((rs, row) -> new PathStep(map(rs, row), rs.getLong("shared") > 0))
			.list();
		return Collections.unmodifiableList(steps);
	}

	/** Whether {@code ancestorId} is {@code folderId} or a folder above it. */
	boolean isWithin(String folderId, String ancestorId) {
		return this.jdbc.sql(ANCESTORS + "select count(*) from ancestors where folder_id = ?")
			.params(folderId, ancestorId)
			.query(Long.class)
			.single() > 0;
	}

	Optional<String> findIdByName(String parentId, String name) {
		return this.jdbc.sql("select id from folders where parent_id = ? and name = ?")
			.params(parentId, name)
			.query(String.class)
			.optional();
	}

	void insert(String id, String ownerId, String parentId, String name, Instant now) {
		this.jdbc
			.sql("insert into folders (id, owner_id, parent_id, name, sort_key, created_at, updated_at) "
					+ "values (?, ?, ?, ?, ?, ?, ?)")
			.params(id, ownerId, parentId, name, ORDER.sortKey(name), now.toEpochMilli(), now.toEpochMilli())
			.update();
	}

	/**
	 * Gives one of the owner's folders (never the root) a new parent and name: one row,
	 * however much is inside.
	 */
	int move(String ownerId, String folderId, String parentId, String name, Instant now) {
		return this.jdbc
			.sql("update folders set parent_id = ?, name = ?, sort_key = ?, updated_at = ? "
					+ "where id = ? and owner_id = ? and parent_id is not null")
			.params(parentId, name, ORDER.sortKey(name), now.toEpochMilli(), folderId, ownerId)
			.update();
	}

	/** A page of a folder's subfolders by name, after the given one: keyset paging. */
	List<Folder> pageByName(String parentId, String afterKey, String afterId, boolean descending, int limit) {
		String direction = descending ? "desc" : "asc";
		String comparison = descending ? "<" : ">";
		String after = (afterKey == null) ? ""
				: " and (fo.sort_key " + comparison + " ? or (fo.sort_key = ? and fo.id " + comparison + " ?))";
		var statement = this.jdbc
			.sql("select " + COLUMNS + " from folders fo where fo.parent_id = ? and fo.trashed_at is null" + after
					+ " order by fo.sort_key " + direction + ", fo.id " + direction + " limit ?")
			.param(parentId);
		if (afterKey != null) {
			statement = statement.param(afterKey).param(afterKey).param(afterId);
		}
		return statement.param(limit).query(FolderRepository::map).list();
	}

	String sortKeyOf(String folderId) {
		return this.jdbc.sql("select sort_key from folders where id = ?").param(folderId).query(String.class).single();
	}

	/** A folder's id, parent and name: the owner's tree as rows. */
	record Node(String id, String parentId, String name) {
	}

	/** Every folder of the owner that is not itself in the trash. */
	List<Node> nodesOf(String ownerId) {
		return this.jdbc.sql("select id, parent_id, name from folders where owner_id = ? and trashed_at is null")
			.param(ownerId)
			.query((rs, row) -> new Node(rs.getString(1), rs.getString(2), rs.getString(3)))
			.list();
	}

	/**
	 * The folder and every folder below it that is not in the trash (nor below one that
	 * is), as rows: one query.
	 */
	List<Node> visibleSubtree(String folderId) {
		return this.jdbc
			.sql("with recursive below (id, parent_id, name, depth) as (select id, parent_id, name, 0 from folders "
					+ "where id = ? union all select c.id, c.parent_id, c.name, b.depth + 1 from below b "
					+ "join folders c on c.parent_id = b.id where c.trashed_at is null and b.depth < 10000) "
					+ "select id, parent_id, name from below")
			.param(folderId)
			.query((rs, row) -> new Node(rs.getString(1), rs.getString(2), rs.getString(3)))
			.list();
	}

	/** A folder in a subtree and how far below the subtree's top it is. */
	record Member(String id, int depth) {
	}

	/** The folder and every folder below it: one query. */
	List<Member> subtree(String folderId) {
		return this.jdbc
			.sql("with recursive below (id, depth) as (select id, 0 from folders where id = ? union all "
					+ "select c.id, b.depth + 1 from below b join folders c on c.parent_id = b.id "
					+ "where b.depth < 10000) select id, depth from below")
			.param(folderId)
			.query((rs, row) -> new Member(rs.getString(1), rs.getInt(2)))
			.list();
	}

	/** Deletes these folders (none may hold a folder not among them). */
	void delete(List<String> folderIds) {
		if (folderIds.isEmpty()) {
			return;
		}
		String marks = String.join(", ", Collections.nCopies(folderIds.size(), "?"));
		this.jdbc.sql("delete from folders where id in (" + marks + ")").params(folderIds.toArray()).update();
	}

	private static Folder map(ResultSet rs, int row) throws SQLException {
		return new Folder(rs.getString("id"), rs.getString("owner_id"), rs.getString("parent_id"), rs.getString("name"),
				Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")));
	}

}
