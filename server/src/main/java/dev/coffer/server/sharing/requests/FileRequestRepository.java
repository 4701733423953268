package dev.coffer.server.sharing.requests;

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

/** Request links in {@code file_requests}, and what arrived through them. */
@Repository
class FileRequestRepository {

	private static final String COLUMNS = "q.id, q.owner_id, q.title, q.created_at, q.expires_at, "
			+ "q.password_hash is not null as has_password, q.max_files, q.max_bytes, q.received_files, "
			+ "q.received_bytes, q.revoked, q.token_sealed is not null as copyable, q.folder_id";

	/** A request link's token is sealed bound to {@code request:<id>}. */
	static final String BOUND_ID_PREFIX = "request:";

	private final JdbcClient jdbc;

	FileRequestRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(FileRequest request, String tokenHash, Sealed sealedToken, String passwordHash) {
		this.jdbc
			.sql("insert into file_requests (id, owner_id, token_hash, token_sealed, token_key, token_master_key_id, "
					+ "title, expires_at, password_hash, max_files, max_bytes, received_files, received_bytes, "
					+ "revoked, created_at, folder_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, false, ?, ?)")
			.params(request.id(), request.ownerId(), tokenHash, sealedToken.ciphertextColumn(),
					sealedToken.wrappedKeyColumn(), sealedToken.masterKeyIdColumn(), request.title(),
					(request.expiresAt() != null) ? request.expiresAt().toEpochMilli() : null, passwordHash,
					request.maxFiles(), request.maxBytes(), request.createdAt().toEpochMilli(), request.folderId())
			.update();
	}

	/** The request link's sealed token; empty for a link without one. */
	Optional<Sealed> sealedToken(String id) {
		return this.jdbc
			.sql("select token_sealed, token_key, token_master_key_id from file_requests "
					+ "where id = ? and token_sealed is not null")
			.param(id)
			.query((rs, row) -> Sealed.fromColumns(rs.getString(1), rs.getString(2), rs.getLong(3)))
			.optional();
	}

	/** Where the sealed tokens are, for key rotation. */
	@Bean
	static SealedSecretTable requestTokenTable() {
		return new SealedSecretTable("file_requests", "id", BOUND_ID_PREFIX, "token_key", "token_master_key_id");
	}

	Optional<FileRequest> findByTokenHash(String tokenHash) {
		return this.jdbc
			.sql("select " + COLUMNS + ", ow.enabled as owner_enabled from file_requests q "
					+ "join users ow on ow.id = q.owner_id where q.token_hash = ?")
			.param(tokenHash)
			.query((rs, row) -> withOwnerEnabled(map(rs, row), rs.getBoolean("owner_enabled")))
			.optional();
	}

	Optional<FileRequest> findByIdAndOwner(String id, String ownerId) {
		return this.jdbc.sql("select " + COLUMNS + " from file_requests q where q.id = ? and q.owner_id = ?")
			.params(id, ownerId)
			.query(FileRequestRepository::map)
			.optional();
	}

	/** Newest first. */
	List<FileRequest> findByOwner(String ownerId) {
		return this.jdbc
			.sql("select " + COLUMNS + " from file_requests q where q.owner_id = ? order by q.created_at desc, q.id")
			.param(ownerId)
			.query(FileRequestRepository::map)
			.list();
	}

	Optional<String> passwordHash(String id) {
		return this.jdbc.sql("select password_hash from file_requests where id = ?")
			.param(id)
			.query(String.class)
			.optional();
	}

	/**
	 * Revokes the link and erases its sealed token: there is nothing left to copy.
	 * @return true if this call revoked it, false if it was revoked already
	 */
	boolean revoke(String id) {
		return this.jdbc
			.sql("update file_requests set revoked = true, token_sealed = null, token_key = null, "
					+ "token_master_key_id = null where id = ? and revoked = false")
			.param(id)
			.update() == 1;
	}

	/**
	 * Counts files against the link, if it still accepts them all: open, unexpired at
	 * {@code now} and with room for them. One conditional update, so concurrent senders
	 * can never take a link past its limits.
	 * @return true if counted
	 */
	boolean countReceived(String id, int files, long bytes, Instant now) {
		return this.jdbc
			.sql("update file_requests set received_files = received_files + ?, received_bytes = received_bytes + ? "
					+ "where id = ? and revoked = false and (expires_at is null or expires_at > ?) "
					+ "and received_files + ? <= max_files and received_bytes + ? <= max_bytes")
			.params(files, bytes, id, now.toEpochMilli(), files, bytes)
			.update() == 1;
	}

	void insertReceived(String fileId, String requestId, Sender sender, Instant receivedAt) {
		this.jdbc
			.sql("insert into received_files (file_id, request_id, sender_name, sender_email, message, received_at) "
					+ "values (?, ?, ?, ?, ?, ?)")
			.params(fileId, requestId, sender.name(), sender.email(),
					sender.message().isEmpty() ? null : sender.message(), receivedAt.toEpochMilli())
			.update();
	}

	/**
	 * Records who sends a resumable upload through a link
	 * (V33__request_link_uploads.sql); the row goes with the upload.
	 */
	void insertUploadSender(String uploadId, Sender sender) {
		this.jdbc
			.sql("insert into request_upload_senders (upload_id, sender_name, sender_email, message) "
					+ "values (?, ?, ?, ?)")
			.params(uploadId, sender.name(), sender.email(), sender.message().isEmpty() ? null : sender.message())
			.update();
	}

	/** Who sends a resumable upload through a link. */
	Optional<Sender> findUploadSender(String uploadId) {
		return this.jdbc
			.sql("select sender_name, sender_email, message from request_upload_senders where upload_id = ?")
			.param(uploadId)
			.query((rs, row) -> new Sender(rs.getString(1), rs.getString(2),
					(rs.getString(3) != null) ? rs.getString(3) : ""))
			.optional();
	}

	/** Files the owner received through any of their request links, newest first. */
	List<ReceivedFile> receivedBy(String ownerId) {
		return this.jdbc
			.sql("select r.file_id, f.name, v.size, q.id as request_id, q.title, r.sender_name, r.sender_email, "
					+ "r.message, r.received_at from received_files r " + "join file_requests q on q.id = r.request_id "
					+ "join files f on f.id = r.file_id and f.owner_id = q.owner_id "
					+ "left join file_versions v on v.id = f.current_version_id "
					+ "where q.owner_id = ? order by r.received_at desc, f.name")
			.param(ownerId)
			.query((rs, row) -> new ReceivedFile(rs.getString("file_id"), rs.getString("name"), rs.getLong("size"),
					rs.getString("request_id"), rs.getString("title"), rs.getString("sender_name"),
					rs.getString("sender_email"), (rs.getString("message") != null) ? rs.getString("message") : "",
					Instant.ofEpochMilli(rs.getLong("received_at"))))
			.list();
	}

	private static FileRequest withOwnerEnabled(FileRequest q, boolean ownerEnabled) {
		return new FileRequest(q.id(), q.ownerId(), q.title(), q.createdAt(), q.expiresAt(), q.passwordProtected(),
				q.maxFiles(), q.maxBytes(), q.receivedFiles(), q.receivedBytes(), q.revoked(), q.copyable(),
				q.folderId(), ownerEnabled);
	}

	private static FileRequest map(ResultSet rs, int row) throws SQLException {
		long expires = rs.getLong("expires_at");
		Instant expiresAt = rs.wasNull() ? null : Instant.ofEpochMilli(expires);
		return new FileRequest(rs.getString("id"), rs.getString("owner_id"), rs.getString("title"),
				Instant.ofEpochMilli(rs.getLong("created_at")), expiresAt, rs.getBoolean("has_password"),
				rs.getInt("max_files"), rs.getLong("max_bytes"), rs.getInt("received_files"),
				rs.getLong("received_bytes"), rs.getBoolean("revoked"), rs.getBoolean("copyable"),
				rs.getString("folder_id"));
	}

}
