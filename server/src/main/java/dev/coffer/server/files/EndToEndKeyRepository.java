package dev.coffer.server.files;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The file keys of end-to-end encrypted versions, each wrapped to one recipient's public
 * key ({@code version_wrapped_keys}). Access is checked by {@link EndToEndKeys} before
 * any of these run.
 */
@Repository
class EndToEndKeyRepository {

	private final JdbcClient jdbc;

	EndToEndKeyRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<String> find(String versionId, String recipientId) {
		return this.jdbc.sql("select wrapped_key from version_wrapped_keys where version_id = ? and recipient_id = ?")
			.params(versionId, recipientId)
			.query(String.class)
			.optional();
	}

	/** Stores the recipient's wrapped key of a version, replacing one they had. */
	boolean put(String versionId, String recipientId, String wrappedKey, Instant now) {
		int replaced = this.jdbc
			.sql("update version_wrapped_keys set wrapped_key = ?, created_at = ? where version_id = ? "
					+ "and recipient_id = ?")
			.params(wrappedKey, now.toEpochMilli(), versionId, recipientId)
			.update();
		if (replaced > 0) {
			return false;
		}
		this.jdbc
			.sql("insert into version_wrapped_keys (version_id, recipient_id, wrapped_key, created_at) "
					+ "values (?, ?, ?, ?)")
			.params(versionId, recipientId, wrappedKey, now.toEpochMilli())
			.update();
		return true;
	}

	/**
	 * The users other than the owner who hold a wrapped key of any version of the file.
	 */
	List<String> recipients(String fileId, String ownerId) {
		return this.jdbc.sql(
				"select distinct k.recipient_id from version_wrapped_keys k join file_versions v on v.id = k.version_id "
						+ "where v.file_id = ? and k.recipient_id <> ? order by k.recipient_id")
			.params(fileId, ownerId)
			.query(String.class)
			.list();
	}

	/** Deletes the recipient's wrapped keys of every version of the file. */
	int deleteForRecipient(String fileId, String recipientId) {
		return this.jdbc
			.sql("delete from version_wrapped_keys where recipient_id = ? and version_id in "
					+ "(select id from file_versions where file_id = ?)")
			.params(recipientId, fileId)
			.update();
	}

}
