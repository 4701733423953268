package dev.coffer.server.sharing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.coffer.server.files.Permission;
import dev.coffer.server.files.Trash;

/**
 * Grants on folders in {@code folder_shares}. What they allow is decided by the files
 * package's access queries, which walk up a file's folders to the nearest grant; this
 * repository only keeps and lists them.
 */
@Repository
class FolderShareRepository implements GrantTable {

	private final JdbcClient jdbc;

	FolderShareRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Locks the folder's row: changes to its grants happen one after another. */
	void lockFolder(String folderId) {
		this.jdbc.sql("select id from folders where id = ? for update").param(folderId).query(String.class).optional();
	}

	@Override
	public Optional<Permission> permissionOf(String folderId, String granteeId) {
		return this.jdbc.sql("select permission from folder_shares where folder_id = ? and grantee_id = ?")
			.params(folderId, granteeId)
			.query((rs, row) -> Permission.valueOf(rs.getString(1)))
			.optional();
	}

	@Override
	public void insert(String folderId, String granteeId, Permission permission, String createdBy, Instant now) {
		this.jdbc
			.sql("insert into folder_shares (folder_id, grantee_id, permission, created_at, created_by) "
					+ "values (?, ?, ?, ?, ?)")
			.params(folderId, granteeId, permission.name(), now.toEpochMilli(), createdBy)
			.update();
	}

	@Override
	public void update(String folderId, String granteeId, Permission permission) {
		this.jdbc.sql("update folder_shares set permission = ? where folder_id = ? and grantee_id = ?")
			.params(permission.name(), folderId, granteeId)
			.update();
	}

	@Override
	public int delete(String folderId, String granteeId) {
		return this.jdbc.sql("delete from folder_shares where folder_id = ? and grantee_id = ?")
			.params(folderId, granteeId)
			.update();
	}

	@Override
	public List<Share> grantsOn(String folderId) {
		return this.jdbc
			.sql("select s.folder_id, s.grantee_id, u.username, s.permission, s.created_at from folder_shares s "
					+ "join users u on u.id = s.grantee_id where s.folder_id = ? order by u.username")
			.param(folderId)
			.query((rs, row) -> new Share(rs.getString(1), rs.getString(2), rs.getString(3),
					Permission.valueOf(rs.getString(4)), Instant.ofEpochMilli(rs.getLong(5))))
			.list();
	}

	/** The owner's grants on folders neither in the trash nor inside a folder there. */
	List<GrantedFolderShare> sharedBy(String ownerId) {
		return this.jdbc
			.sql(Trash.hiddenFolders("?") + "select fo.id, fo.name, g.username, s.permission, s.created_at "
					+ "from folder_shares s join folders fo on fo.id = s.folder_id join users g on g.id = s.grantee_id "
					+ "where fo.owner_id = ? and fo.id not in (select id from hidden) order by fo.name, g.username")
			.params(ownerId, ownerId)
			.query((rs, row) -> new GrantedFolderShare(rs.getString(1), rs.getString(2), rs.getString(3),
					Permission.valueOf(rs.getString(4)), Instant.ofEpochMilli(rs.getLong(5))))
			.list();
	}

	/**
	 * Folders shared with the user, neither in the trash nor inside a folder there, by
	 * owners whose accounts are enabled.
	 */
	List<SharedFolder> sharedWith(String granteeId) {
		return this.jdbc.sql(Trash
			.hiddenFolders("select f2.owner_id from folder_shares s2 "
					+ "join folders f2 on f2.id = s2.folder_id where s2.grantee_id = ?")
				+ "select fo.id, fo.name, o.username, s.permission, fo.updated_at from folder_shares s "
				+ "join folders fo on fo.id = s.folder_id join users o on o.id = fo.owner_id "
				+ "where s.grantee_id = ? and o.enabled = true and fo.id not in (select id from hidden) order by fo.name, o.username")
			.params(granteeId, granteeId)
			.query((rs, row) -> new SharedFolder(rs.getString(1), rs.getString(2), rs.getString(3),
					Permission.valueOf(rs.getString(4)), Instant.ofEpochMilli(rs.getLong(5))))
			.list();
	}

}
