package dev.coffer.server.sharing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.coffer.server.files.Permission;
import dev.coffer.server.files.Trash;

/**
 * Grants in {@code shares}. Whether a user may touch a file is decided by the files
 * package's queries (which read this table); this repository only keeps the grants and
 * lists them.
 */
@Repository
class ShareRepository implements GrantTable {

	/** A user found by username or email, to share with. */
	record Grantee(String id, String username) {
	}

	private final JdbcClient jdbc;

	ShareRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Locks the file's row until the transaction ends; taken first, before anything is
	 * read (see {@code ShareLinkRepository.lockFile} for why).
	 */
	void lockFile(String fileId) {
		this.jdbc.sql("select id from files where id = ? for update").param(fileId).query(String.class).optional();
	}

	Optional<Grantee> findUser(String usernameOrEmail) {
		String key = usernameOrEmail.strip().toLowerCase(Locale.ROOT);
		return this.jdbc.sql("select id, username from users where username = ? or lower(email) = ?")
			.params(key, key)
			.query((rs, row) -> new Grantee(rs.getString(1), rs.getString(2)))
			.optional();
	}

	Optional<String> usernameOf(String userId) {
		return this.jdbc.sql("select username from users where id = ?").param(userId).query(String.class).optional();
	}

	@Override
	public Optional<Permission> permissionOf(String fileId, String granteeId) {
		return this.jdbc.sql("select permission from shares where file_id = ? and grantee_id = ?")
			.params(fileId, granteeId)
			.query((rs, row) -> Permission.valueOf(rs.getString(1)))
			.optional();
	}

	@Override
	public void insert(String fileId, String granteeId, Permission permission, String createdBy, Instant now) {
		this.jdbc
			.sql("insert into shares (file_id, grantee_id, permission, created_at, created_by) values (?, ?, ?, ?, ?)")
			.params(fileId, granteeId, permission.name(), now.toEpochMilli(), createdBy)
			.update();
	}

	@Override
	public void update(String fileId, String granteeId, Permission permission) {
		this.jdbc.sql("update shares set permission = ? where file_id = ? and grantee_id = ?")
			.params(permission.name(), fileId, granteeId)
			.update();
	}

	@Override
	public int delete(String fileId, String granteeId) {
		return this.jdbc.sql("delete from shares where file_id = ? and grantee_id = ?")
			.params(fileId, granteeId)
			.update();
	}

	@Override
	public List<Share> grantsOn(String fileId) {
		return this.jdbc
			.sql("select s.file_id, s.grantee_id, u.username, s.permission, s.created_at from shares s "
					+ "join users u on u.id = s.grantee_id where s.file_id = ? order by u.username")
			.param(fileId)
			.query(ShareRepository::mapShare)
			.list();
	}

	/**
	 * Files shared with the user, not in the trash, by owners whose accounts are enabled:
	 * most recently changed first.
	 */
	List<SharedFile> sharedWith(String granteeId) {
		return this.jdbc.sql(Trash.hiddenFolders(
				"select f2.owner_id from shares s2 join files f2 on f2.id = s2.file_id " + "where s2.grantee_id = ?")
				+ "select f.id, f.name, o.username, s.permission, v.size, v.number, f.updated_at, v.end_to_end "
				+ "from shares s "
				+ "join files f on f.id = s.file_id join file_versions v on v.id = f.current_version_id "
				+ "join users o on o.id = f.owner_id where s.grantee_id = ? and o.enabled = true and f.trashed_at is null "
				+ "and f.folder_id not in (select id from hidden) order by f.updated_at desc, f.name")
			.params(granteeId, granteeId)
			.query((rs, row) -> new SharedFile(rs.getString(1), rs.getString(2), rs.getString(3),
					Permission.valueOf(rs.getString(4)), rs.getLong(5), rs.getInt(6),
					Instant.ofEpochMilli(rs.getLong(7)), rs.getBoolean(8)))
			.list();
	}

	/** The owner's shares of files not in the trash. */
	List<GrantedShare> sharedBy(String ownerId) {
		return this.jdbc
			.sql(Trash.hiddenFolders("?") + "select f.id, f.name, g.username, s.permission, s.created_at from shares s "
					+ "join files f on f.id = s.file_id join users g on g.id = s.grantee_id "
					+ "where f.owner_id = ? and f.trashed_at is null and f.folder_id not in (select id from hidden) "
					+ "order by f.name, g.username")
			.params(ownerId, ownerId)
			.query((rs, row) -> new GrantedShare(rs.getString(1), rs.getString(2), rs.getString(3),
					Permission.valueOf(rs.getString(4)), Instant.ofEpochMilli(rs.getLong(5))))
			.list();
	}

	private static Share mapShare(ResultSet rs, int row) throws SQLException {
		return new Share(rs.getString(1), rs.getString(2), rs.getString(3), Permission.valueOf(rs.getString(4)),
				Instant.ofEpochMilli(rs.getLong(5)));
	}

}
