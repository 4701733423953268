package dev.coffer.server.sharing.links;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.web.ProblemResponse;

/**
 * Public links to folders through the REST API ({@code /api/v1/folders/{id}/links}). Only
 * the folder's owner manages them: users it is shared with get 403, anyone else 404.
 */
@RestController
@RequestMapping("/api/v1/folders/{id}/links")
@Tag(name = "Links", description = "Public links to your files")
class FolderLinkApiController {

	private final FolderLinkService links;

	private final Clock clock;

	FolderLinkApiController(FolderLinkService links, Clock clock) {
		this.links = links;
		this.clock = clock;
	}

	@ProblemResponse(status = 403, when = "The folder is shared with you: this is its owner's")
	@GetMapping
	@Operation(operationId = "listFolderLinks", summary = "List a folder's public links, newest first")
	List<FolderLinkResponse> list(CurrentUser current, @PathVariable String id) {
		Instant now = this.clock.instant();
		return this.links.list(current.id(), id)
			.stream()
			.map((link) -> FolderLinkResponse.of(link, now, null, null))
			.toList();
	}

	@ProblemResponse(status = 403, when = "The folder is shared with you: this is its owner's")
	@PostMapping
	@Operation(operationId = "createFolderLink",
			summary = "Create a public link to a folder: whoever holds it browses the folder read only and "
					+ "downloads files or ZIPs from it. The answer carries its token and URL.",
			responses = @ApiResponse(responseCode = "201", description = "Created"))
	ResponseEntity<FolderLinkResponse> create(CurrentUser current, @PathVariable String id,
			@RequestBody(required = false) LinkRequest body) {
		LinkRequest request = (body != null) ? body : new LinkRequest(null, null, null, null);
		IssuedFolderLink issued = this.links.create(current, id, request);
		FolderLinkResponse response = FolderLinkResponse.of(issued.link(), this.clock.instant(), issued.token(),
				PublicLinkController.urlOf(issued.token()));
		return ResponseEntity.created(URI.create("/api/v1/folders/" + id + "/links/" + issued.link().id()))
			.body(response);
	}

	@ProblemResponse(status = 403, when = "The folder is shared with you: this is its owner's")
	@GetMapping("/{linkId}")
	@Operation(operationId = "getFolderLink",
			summary = "One link of the folder, with its token and URL to copy again unless it is revoked")
	FolderLinkResponse get(CurrentUser current, @PathVariable String id, @PathVariable String linkId) {
		IssuedFolderLink copied = this.links.reveal(current, id, linkId);
		String token = copied.token();
		return FolderLinkResponse.of(copied.link(), this.clock.instant(), token,
				(token != null) ? PublicLinkController.urlOf(token) : null);
	}

	@ProblemResponse(status = 403, when = "The folder is shared with you: this is its owner's")
	@DeleteMapping("/{linkId}")
	@Operation(operationId = "revokeFolderLink", summary = "Revoke a link: from the next request on it answers 410",
			responses = @ApiResponse(responseCode = "204", description = "Revoked"))
	ResponseEntity<Void> revoke(CurrentUser current, @PathVariable String id, @PathVariable String linkId) {
		this.links.revoke(current, id, linkId);
		return ResponseEntity.noContent().build();
	}

}
