package dev.coffer.server.sharing;

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

import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.files.Permission;
import dev.coffer.server.sharing.ShareApiController.ShareRequest;
import dev.coffer.server.sharing.ShareApiController.ShareResponse;
import dev.coffer.server.web.ProblemResponse;

/**
 * Sharing folders with users over the API: the same grants as for files, on a folder and
 * everything inside it, asked and answered as {@link ShareApiController} does. See
 * docs/API.md.
 */
@RestController
@Tag(name = "Sharing", description = "Share your files with other users; files shared with you")
class FolderShareApiController {

	private final FolderShareService shares;

	FolderShareApiController(FolderShareService shares) {
		this.shares = shares;
	}

	/** A folder shared with the caller in API responses. */
	record SharedFolderResponse(String id, String name, String owner, Permission permission, Instant modifiedAt) {

		static SharedFolderResponse of(SharedFolder folder) {
			return new SharedFolderResponse(folder.id(), folder.name(), folder.owner(), folder.permission(),
					folder.modifiedAt());
		}

	}

	@ProblemResponse(status = 403, when = "The folder is shared with you: this is its owner's")
	@GetMapping("/api/v1/folders/{id}/shares")
	@Operation(operationId = "listFolderShares", summary = "Who your folder is shared with (owner only)")
	List<ShareResponse> list(CurrentUser current, @PathVariable String id) {
		return this.shares.list(current.id(), id).stream().map(ShareResponse::of).toList();
	}

	@ApiResponse(responseCode = "201", description = "Shared (Location: the grant's address)")
	@ApiResponse(responseCode = "200", description = "The permission was changed")
	@ProblemResponse(status = 403, when = "The folder is shared with you: this is its owner's")
	@PutMapping("/api/v1/folders/{id}/shares/{username}")
	@Operation(operationId = "shareFolder",
			summary = "Share your folder and everything in it with a user, or change their permission: "
					+ "201 when new, 200 when changed")
	ResponseEntity<ShareResponse> put(CurrentUser current, @PathVariable String id, @PathVariable String username,
			@RequestBody(required = false) ShareRequest body) {
		return ShareApiController.answer(this.shares.grant(current.id(), id, username, ShareRequest.required(body)),
				"/api/v1/folders/" + id + "/shares/");
	}

	@ApiResponse(responseCode = "204", description = "Revoked")
	@ProblemResponse(status = 403, when = "The folder is shared with you: this is its owner's")
	@DeleteMapping("/api/v1/folders/{id}/shares/{username}")
	@Operation(operationId = "revokeFolderShare",
			summary = "Stop sharing your folder with a user; takes effect on their next request")
	ResponseEntity<Void> revoke(CurrentUser current, @PathVariable String id, @PathVariable String username) {
		this.shares.revoke(current.id(), id, username);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/api/v1/shared-with-me/folders")
	@Operation(operationId = "foldersSharedWithMe",
			summary = "Folders other users shared with you; browse one with /api/v1/folders/{id}/entries")
	List<SharedFolderResponse> sharedWithMe(CurrentUser current) {
		return this.shares.sharedWith(current.id()).stream().map(SharedFolderResponse::of).toList();
	}

}
