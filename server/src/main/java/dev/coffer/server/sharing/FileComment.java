package dev.coffer.server.sharing;

import java.time.Instant;

/**
 * A comment on a file, as one user sees it.
 *
 * @param deletable whether that user may delete it (its author, or the file's owner)
 */
public record FileComment(String id, String fileId, String authorId, String author, String body, Instant createdAt,
		boolean deletable) {
}
