package dev.coffer.server.sharing;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.server.InvalidInputException;
import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.files.Permission;
import dev.coffer.server.web.ProblemResponse;

/**
 * Sharing files with users over the REST API: a file's grants (owner only) and the files
 * shared with the caller. See docs/API.md.
 */
@RestController
@Tag(name = "Sharing", description = "Share your files with other users; files shared with you")
class ShareApiController {

	private final ShareService shares;

	ShareApiController(ShareService shares) {
		this.shares = shares;
	}

	/** A grant in API responses. */
	record ShareResponse(String username, Permission permission, Instant createdAt) {

		static ShareResponse of(Share share) {
			return new ShareResponse(share.grantee(), share.permission(), share.createdAt());
		}

	}

	/** The body of a grant: {@code {"permission": "READ"}} or {@code "EDIT"}. */
	record ShareRequest(String permission) {

		/** The permission a body asks for; a missing body or permission is a 400. */
		static String required(ShareRequest body) {
			if (body == null || body.permission() == null) {
				throw new InvalidInputException("permission", "Send {\"permission\": \"READ\"} or \"EDIT\".");
			}
			return body.permission();
		}

	}

	/** A file shared with the caller in API responses. */
	record SharedFileResponse(String id, String name, String owner, Permission permission, long size,
			int currentVersion, Instant modifiedAt, boolean endToEnd) {

		static SharedFileResponse of(SharedFile file) {
			return new SharedFileResponse(file.id(), file.name(), file.owner(), file.permission(), file.size(),
					file.currentVersion(), file.modifiedAt(), file.endToEnd());
		}

	}

	@ProblemResponse(status = 403, when = "The file is shared with you: this is its owner's")
	@GetMapping("/api/v1/files/{id}/shares")
	@Operation(operationId = "listShares", summary = "Who your file is shared with (owner only)")
	List<ShareResponse> list(CurrentUser current, @PathVariable String id) {
		return this.shares.list(current.id(), id).stream().map(ShareResponse::of).toList();
	}

	@ApiResponse(responseCode = "201", description = "Shared (Location: the grant's address)")
	@ApiResponse(responseCode = "200", description = "The permission was changed")
	@ProblemResponse(status = 403, when = "The file is shared with you: this is its owner's")
	@PutMapping("/api/v1/files/{id}/shares/{username}")
	@Operation(operationId = "shareFile",
			summary = "Share your file with a user (by username or email), or change their permission: "
					+ "201 when new, 200 when changed")
	ResponseEntity<ShareResponse> put(CurrentUser current, @PathVariable String id, @PathVariable String username,
			@RequestBody(required = false) ShareRequest body) {
		return answer(this.shares.grant(current.id(), id, username, ShareRequest.required(body)),
				"/api/v1/files/" + id + "/shares/");
	}

	/**
	 * A grant as the API answers it: 201 with its address (under {@code sharesPath}) when
	 * new, 200 when changed.
	 */
	static ResponseEntity<ShareResponse> answer(ShareService.Grant grant, String sharesPath) {
		ShareResponse response = ShareResponse.of(grant.share());
		return grant.created() ? ResponseEntity.created(URI.create(sharesPath + response.username())).body(response)
				: ResponseEntity.ok(response);
	}

	@ApiResponse(responseCode = "204", description = "Revoked")
	@ProblemResponse(status = 403, when = "The file is shared with you: this is its owner's")
	@DeleteMapping("/api/v1/files/{id}/shares/{username}")
	@Operation(operationId = "revokeShare",
			summary = "Stop sharing your file with a user; takes effect on their next request")
	ResponseEntity<Void> revoke(CurrentUser current, @PathVariable String id, @PathVariable String username) {
		this.shares.revoke(current.id(), id, username);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/api/v1/shared-with-me")
	@Operation(operationId = "sharedWithMe", summary = "Files other users shared with you, most recently changed first")
	List<SharedFileResponse> sharedWithMe(CurrentUser current) {
		return this.shares.sharedWith(current.id()).stream().map(SharedFileResponse::of).toList();
	}

}
