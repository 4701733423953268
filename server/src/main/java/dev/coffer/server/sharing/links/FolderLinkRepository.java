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
 * Public links to folders in the {@code folder_links} table, as
 * {@link ShareLinkRepository} keeps links to files. What a link reaches inside its folder
 * is decided by the files package's access queries, not here.
 */
@Repository
class FolderLinkRepository {

	/** A folder link's token is sealed bound to {@code folderlink:<id>}. */
	static final String BOUND_ID_PREFIX = "folderlink:";

	private static final String COLUMNS = "l.id, l.folder_id, l.created_by, u.username as creator, l.created_at, "
			+ "l.expires_at, l.password_hash, l.max_downloads, l.used, l.last_used_at, l.revoked, l.revoked_at, "
			+ "l.token_sealed is not null as copyable";

	private static final String FROM = " from folder_links l left join users u on u.id = l.created_by";

	private final JdbcClient jdbc;

	FolderLinkRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(FolderLink link, String tokenHash, Sealed sealedToken) {
		this.jdbc
			.sql("insert into folder_links (id, folder_id, token_hash, token_sealed, token_key, token_master_key_id, "
					+ "created_by, created_at, expires_at, password_hash, max_downloads, used, revoked) "
					+ "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)")
			.params(link.id(), link.folderId(), tokenHash, sealedToken.ciphertextColumn(),
					sealedToken.wrappedKeyColumn(), sealedToken.masterKeyIdColumn(), link.createdBy(),
					link.createdAt().toEpochMilli(), link.expiresAt().toEpochMilli(), link.passwordHash(),
					link.maxDownloads(), false)
			.update();
	}

	/** Where the sealed tokens are, for key rotation. */
	@Bean
	static SealedSecretTable folderLinkTokenTable() {
		return new SealedSecretTable("folder_links", "id", BOUND_ID_PREFIX, "token_key", "token_master_key_id");
	}

	/** The link's sealed token; empty once it is revoked. */
	Optional<Sealed> sealedToken(String id) {
		return this.jdbc
			.sql("select token_sealed, token_key, token_master_key_id from folder_links "
					+ "where id = ? and token_sealed is not null")
			.param(id)
			.query((rs, row) -> Sealed.fromColumns(rs.getString(1), rs.getString(2), rs.getLong(3)))
			.optional();
	}

	/**
	 * The link with this token hash, its folder's owner and name, and whether the owner's
	 * account is enabled, in one query.
	 */
	Optional<LinkedFolder> findByHash(String tokenHash) {
		return this.jdbc
			.sql("select " + COLUMNS + ", fo.owner_id, fo.name, ow.enabled as owner_enabled" + FROM
					+ " join folders fo on fo.id = l.folder_id join users ow on ow.id = fo.owner_id "
					+ "where l.token_hash = ?")
			.param(tokenHash)
			.query((rs, row) -> new LinkedFolder(map(rs, row), rs.getString("owner_id"), rs.getString("name"),
					rs.getBoolean("owner_enabled")))
			.optional();
	}

	/** A folder's links, newest first. */
	List<FolderLink> findByFolder(String folderId) {
		return this.jdbc.sql("select " + COLUMNS + FROM + " where l.folder_id = ? order by l.created_at desc, l.id")
			.param(folderId)
			.query(FolderLinkRepository::map)
			.list();
	}

	Optional<FolderLink> findByIdAndFolder(String id, String folderId) {
		return this.jdbc.sql("select " + COLUMNS + FROM + " where l.id = ? and l.folder_id = ?")
			.params(id, folderId)
			.query(FolderLinkRepository::map)
			.optional();
	}

	/**
	 * Counts one download if the link may serve one now, in one conditional statement, so
	 * that concurrent downloads never get past its limit.
	 * @return true if a download was counted
	 */
	boolean consumeDownload(String id, Instant now) {
		long millis = now.toEpochMilli();
		return this.jdbc
			.sql("update folder_links set used = used + 1, last_used_at = ? where id = ? and revoked = false "
					+ "and (max_downloads is null or used < max_downloads) and expires_at > ?")
			.params(millis, id, millis)
			.update() == 1;
	}

	/**
	 * Revokes the link and erases its sealed token.
	 * @return true if this call revoked it, false if it was revoked already
	 */
	boolean revoke(String id, Instant now) {
		return this.jdbc
			.sql("update folder_links set revoked = true, revoked_at = ?, token_sealed = null, token_key = null, "
					+ "token_master_key_id = null where id = ? and revoked = false")
			.params(now.toEpochMilli(), id)
			.update() == 1;
	}

	private static FolderLink map(ResultSet rs, int row) throws SQLException {
		long revokedAt = rs.getLong("revoked_at");
		Instant revokedInstant = rs.wasNull() ? null : Instant.ofEpochMilli(revokedAt);
		long lastUsed = rs.getLong("last_used_at");
		Instant lastUsedAt = rs.wasNull() ? null : Instant.ofEpochMilli(lastUsed);
		int maxDownloads = rs.getInt("max_downloads");
		Integer max = rs.wasNull() ? null : maxDownloads;
		return new FolderLink(rs.getString("id"), rs.getString("folder_id"), rs.getString("created_by"),
				rs.getString("creator"), Instant.ofEpochMilli(rs.getLong("created_at")),
				Instant.ofEpochMilli(rs.getLong("expires_at")), rs.getString("password_hash"), max, rs.getInt("used"),
				lastUsedAt, rs.getBoolean("revoked"), revokedInstant, rs.getBoolean("copyable"));
	}

}
