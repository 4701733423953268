package dev.coffer.server.sharing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Comments on files. Callers prove access to the file first (through the files package);
 * every query here also names the file, so a comment id alone never reaches another
 * file's comment.
 */
@Repository
class CommentRepository {

	/** A stored comment, before it is judged for a viewer. */
	record StoredComment(String id, String fileId, String authorId, String author, String body, Instant createdAt) {
	}

	private static final String COLUMNS = "c.id, c.file_id, c.author_id, u.username, c.body, c.created_at";

	private final JdbcClient jdbc;

	CommentRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(String id, String fileId, String authorId, String body, Instant now) {
		this.jdbc.sql("insert into comments (id, file_id, author_id, body, created_at) values (?, ?, ?, ?, ?)")
			.params(id, fileId, authorId, body, now.toEpochMilli())
			.update();
	}

	List<StoredComment> ofFile(String fileId) {
		return this.jdbc
			.sql("select " + COLUMNS + " from comments c join users u on u.id = c.author_id where c.file_id = ? "
					+ "order by c.created_at, c.id")
			.param(fileId)
			.query(CommentRepository::map)
			.list();
	}

	Optional<StoredComment> find(String fileId, String commentId) {
		return this.jdbc
			.sql("select " + COLUMNS + " from comments c join users u on u.id = c.author_id "
					+ "where c.file_id = ? and c.id = ?")
			.params(fileId, commentId)
			.query(CommentRepository::map)
			.optional();
	}

	int delete(String fileId, String commentId) {
		return this.jdbc.sql("delete from comments where file_id = ? and id = ?").params(fileId, commentId).update();
	}

	private static StoredComment map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		return new StoredComment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
				Instant.ofEpochMilli(rs.getLong(6)));
	}

}
