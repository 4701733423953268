package dev.coffer.server.sharing;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;

import dev.coffer.server.NotFoundException;
import dev.coffer.server.OperationNotAllowedException;
import dev.coffer.server.SecurityEvent;
import dev.coffer.server.files.FileAccess;
import dev.coffer.server.files.FileService;

/**
 * Comments on files. Whoever may read a file (its owner and every grantee) reads and
 * writes its comments; an author deletes their own, the owner any on their file. Access
 * to the file is checked by {@link FileService} on every call, so a stranger gets 404.
 */
@Service
public class CommentService {

	private final CommentRepository comments;

	private final FileService files;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	CommentService(CommentRepository comments, FileService files, Clock clock, ApplicationEventPublisher events) {
		this.comments = comments;
		this.files = files;
		this.clock = clock;
		this.events = events;
	}

	/** The comments on a file, oldest first, as {@code userId} sees them. */
	public List<FileComment> list(String userId, String fileId) {
		return list(userId, this.files.access(userId, fileId));
	}

	List<FileComment> list(String userId, FileAccess access) {
		return this.comments.ofFile(access.file().id()).stream().map((c) -> judged(c, userId, access)).toList();
	}

	public FileComment add(String userId, String fileId, String body) {
		FileAccess access = this.files.access(userId, fileId);
		String text = CommentBodies.requireValid(body);
		String id = UUID.randomUUID().toString();
		this.comments.insert(id, fileId, userId, text, this.clock.instant());
		audit("comment.added", fileId, "comment " + id + ", " + text.codePointCount(0, text.length()) + " characters");
		return this.comments.find(fileId, id)
			.map((c) -> judged(c, userId, access))
			.orElseThrow(CommentService::noSuchComment);
	}

	public void delete(String userId, String fileId, String commentId) {
		FileAccess access = this.files.access(userId, fileId);
		CommentRepository.StoredComment comment = this.comments.find(fileId, commentId)
			.orElseThrow(CommentService::noSuchComment);
		if (!mayDelete(comment, userId, access)) {
			throw new OperationNotAllowedException("You can delete only your own comments.");
		}
		this.comments.delete(fileId, commentId);
		audit("comment.deleted", fileId, "comment " + commentId + " by " + comment.author());
	}

	private static FileComment judged(CommentRepository.StoredComment c, String userId, FileAccess access) {
		return new FileComment(c.id(), c.fileId(), c.authorId(), c.author(), c.body(), c.createdAt(),
				mayDelete(c, userId, access));
	}

	private static boolean mayDelete(CommentRepository.StoredComment comment, String userId, FileAccess access) {
		return comment.authorId().equals(userId) || access.isOwner();
	}

	private void audit(String action, String fileId, String details) {
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		this.events.publishEvent(new SecurityEvent(action, (caller != null) ? caller.getName() : null, null,
				"file:" + fileId, SecurityEvent.Outcome.SUCCESS, details));
	}

	private static NotFoundException noSuchComment() {
		return new NotFoundException("There is no such comment.");
	}

}
