package dev.coffer.server.sharing;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.server.InvalidInputException;
import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.web.ProblemResponse;

/** Comments on a file over the REST API, for everyone who may read the file. */
@RestController
@RequestMapping("/api/v1/files/{id}/comments")
@Tag(name = "Comments", description = "Comments on files you own or that are shared with you")
class CommentApiController {

	private final CommentService comments;

	CommentApiController(CommentService comments) {
		this.comments = comments;
	}

	/**
	 * A comment in API responses; {@code deletable} says whether the caller may delete
	 * it.
	 */
	record CommentResponse(String id, String author, String body, Instant createdAt, boolean deletable) {

		static CommentResponse of(FileComment comment) {
			return new CommentResponse(comment.id(), comment.author(), comment.body(), comment.createdAt(),
					comment.deletable());
		}

	}

	/** The body of a new comment: plain text, 1 to 2,000 characters. */
	record CommentRequest(String body) {
	}

	@GetMapping
	@Operation(operationId = "listComments", summary = "The comments on a file, oldest first")
	List<CommentResponse> list(CurrentUser current, @PathVariable String id) {
		return this.comments.list(current.id(), id).stream().map(CommentResponse::of).toList();
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(operationId = "addComment",
			summary = "Comment on a file (plain text, 1 to 2,000 characters, no control characters "
					+ "except newline and tab)")
	CommentResponse add(CurrentUser current, @PathVariable String id,
			@RequestBody(required = false) CommentRequest body) {
		if (body == null) {
			throw new InvalidInputException("body", "Send {\"body\": \"your comment\"}.");
		}
		return CommentResponse.of(this.comments.add(current.id(), id, body.body()));
	}

	@ApiResponse(responseCode = "204", description = "Deleted")
	@ProblemResponse(status = 403, when = "The comment is someone else's, on a file that is not yours")
	@DeleteMapping("/{commentId}")
	@Operation(operationId = "deleteComment", summary = "Delete a comment: your own, or any on your file")
	ResponseEntity<Void> delete(CurrentUser current, @PathVariable String id, @PathVariable String commentId) {
		this.comments.delete(current.id(), id, commentId);
		return ResponseEntity.noContent().build();
	}

}
