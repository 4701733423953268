package dev.coffer.server.sharing.links;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.coffer.server.keys.SealedSecretTable;
import dev.coffer.server.keys.SealedSecrets.Sealed;

/**
 * Public links in the {@code links} table. Kept apart from the files repository: links
 * read files only to find their owner, name and pinned version, and write nothing there.
 */
@Repository
class ShareLinkRepository {

	/** A link's token is sealed bound to {@code link:<id>}. */
	static final String BOUND_ID_PREFIX = "link:";

	private static final String COLUMNS = "l.id, l.file_id, l.created_by, u.username as creator, l.created_at, l.expires_at, "
			+ "l.password_hash, l.max_downloads, l.used, l.last_used_at, l.pinned, l.revoked, l.revoked_at, "
			+ "v.number as version_number, l.token_sealed is not null as copyable";

	private static final String FROM = " from links l left join file_versions v on v.id = l.version_id "
			+ "left join users u on u.id = l.created_by";

	private final JdbcClient jdbc;

	ShareLinkRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The id of version {@code number} of the file. */
	Optional<String> versionId(String fileId, int number) {
		return this.jdbc.sql("select id from file_versions where file_id = ? and number = ?")
			.params(fileId, number)
			.query(String.class)
			.optional();
	}

	void insert(ShareLink link, String tokenHash, Sealed sealedToken, String versionId) {
		this.jdbc
			.sql("insert into links (id, file_id, token_hash, token_sealed, token_key, token_master_key_id, "
					+ "created_by, created_at, expires_at, password_hash, max_downloads, used, pinned, version_id, "
					+ "revoked) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)")
			.params(link.id(), link.fileId(), tokenHash, sealedToken.ciphertextColumn(), sealedToken.wrappedKeyColumn(),
					sealedToken.masterKeyIdColumn(), link.createdBy(), link.createdAt().toEpochMilli(),
					millis(link.expiresAt()), link.passwordHash(), link.maxDownloads(), link.pinned(), versionId, false)
			.update();
	}

	/** The link's sealed token; empty for a link without one. */
	Optional<Sealed> sealedToken(String id) {
		return this.jdbc
			.sql("select token_sealed, token_key, token_master_key_id from links "
					+ "where id = ? and token_sealed is not null")
			.param(id)
			.query((rs, row) -> Sealed.fromColumns(rs.getString(1), rs.getString(2), rs.getLong(3)))
			.optional();
	}

	/** Where the sealed tokens are, for key rotation. */
	@Bean
	static SealedSecretTable linkTokenTable() {
		return new SealedSecretTable("links", "id", BOUND_ID_PREFIX, "token_key", "token_master_key_id");
	}

	/**
	 * The link with this token hash, its file's owner and name, and whether the owner's
	 * account is enabled, in one query.
	 */
	Optional<LinkedFile> findByHash(String tokenHash) {
		return this.jdbc
			.sql("select " + COLUMNS + ", f.owner_id, f.name, ow.enabled as owner_enabled" + FROM
					+ " join files f on f.id = l.file_id join users ow on ow.id = f.owner_id where l.token_hash = ?")
			.param(tokenHash)
			.query((rs, row) -> new LinkedFile(map(rs, row), rs.getString("owner_id"), rs.getString("name"),
					rs.getBoolean("owner_enabled")))
			.optional();
	}

	/** A file's links, newest first. */
	List<ShareLink> findByFile(String fileId) {
		return this.jdbc.sql("select " + COLUMNS + FROM + " where l.file_id = ? order by l.created_at desc, l.id")
			.param(fileId)
			.query(ShareLinkRepository::map)
			.list();
	}

	Optional<ShareLink> findByIdAndFile(String id, String fileId) {
		return this.jdbc.sql("select " + COLUMNS + FROM + " where l.id = ? and l.file_id = ?")
			.params(id, fileId)
			.query(ShareLinkRepository::map)
			.optional();
	}

	/**
	 * Counts one download if the link may serve one now, in one conditional statement:
	 * the database settles concurrent downloads, so none gets past the limit.
	 * @return true if a download was counted
	 */
	boolean consumeDownload(String id, Instant now) {
		long millis = now.toEpochMilli();
		return this.jdbc
			.sql("update links set used = used + 1, last_used_at = ? where id = ? and revoked = false "
					+ "and (max_downloads is null or used < max_downloads) "
					+ "and (expires_at is null or expires_at > ?) and (pinned = false or version_id is not null)")
			.params(millis, id, millis)
			.update() == 1;
	}

	/**
	 * Revokes the link and erases its sealed token: there is nothing left to copy.
	 * @return true if this call revoked it, false if it was revoked already
	 */
	boolean revoke(String id, Instant now) {
		return this.jdbc
			.sql("update links set revoked = true, revoked_at = ?, token_sealed = null, token_key = null, "
					+ "token_master_key_id = null where id = ? and revoked = false")
			.params(now.toEpochMilli(), id)
			.update() == 1;
	}

	/**
	 * Locks the file's row until the transaction ends. Making a link and withdrawing an
	 * editor's right to make them (here and in the sharing package) both take this lock
	 * first, so one waits for the other: a link is never made on a right already
	 * withdrawn. Taken before anything else is read, so that on MariaDB/MySQL (repeatable
	 * read) the transaction's snapshot starts after the lock and sees the other side's
	 * commit.
	 */
	void lockFile(String fileId) {
		this.jdbc.sql("select id from files where id = ? for update").param(fileId).query(String.class).optional();
	}

	/** Whether the file's owner lets its editors make links. */
	boolean editorsMayCreateLinks(String fileId) {
		return this.jdbc.sql("select editors_can_link from files where id = ?")
			.param(fileId)
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	void setEditorsMayCreateLinks(String fileId, boolean allowed) {
		this.jdbc.sql("update files set editors_can_link = ? where id = ?").params(allowed, fileId).update();
	}

	/**
	 * The file's links not yet revoked that were made by {@code userId}, or with
	 * {@code userId} null, by anyone but the file's owner.
	 */
	List<ShareLink> findUnrevokedMadeBy(String fileId, String userId) {
		String who = (userId != null) ? "l.created_by = ?"
				: "l.created_by <> (select owner_id from files where id = l.file_id)";
		var statement = this.jdbc
			.sql("select " + COLUMNS + FROM + " where l.file_id = ? and l.revoked = false and " + who
					+ " order by l.created_at, l.id")
			.param(fileId);
		if (userId != null) {
			statement = statement.param(userId);
		}
		return statement.query(ShareLinkRepository::map).list();
	}

	private static ShareLink map(ResultSet rs, int row) throws SQLException {
		return new ShareLink(rs.getString("id"), rs.getString("file_id"), rs.getString("created_by"),
				rs.getString("creator"), Instant.ofEpochMilli(rs.getLong("created_at")), instant(rs, "expires_at"),
				rs.getString("password_hash"), integer(rs, "max_downloads"), rs.getInt("used"),
				instant(rs, "last_used_at"), rs.getBoolean("pinned"), integer(rs, "version_number"),
				rs.getBoolean("revoked"), instant(rs, "revoked_at"), rs.getBoolean("copyable"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		long millis = rs.getLong(column);
		return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
	}

	private static Integer integer(ResultSet rs, String column) throws SQLException {
		int value = rs.getInt(column);
		return rs.wasNull() ? null : value;
	}

	private static Long millis(Instant instant) {
		return (instant != null) ? instant.toEpochMilli() : null;
	}

}
