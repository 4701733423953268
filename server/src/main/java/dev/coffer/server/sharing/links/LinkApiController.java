package dev.coffer.server.sharing.links;

import java.net.URI;
import java.security.Principal;
import java.time.Clock;
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

/**
 * Public links through the REST API ({@code /api/v1/files/{id}/links}). Only the file's
 * owner gets anything here; for anyone else the file does not exist (404).
 */
@RestController
@RequestMapping("/api/v1/files/{id}/links")
@Tag(name = "Links", description = "Public links to your files")
class LinkApiController {

	private final ShareLinkService links;

	private final Clock clock;

	LinkApiController(ShareLinkService links, Clock clock) {
		this.links = links;
		this.clock = clock;
	}

	@GetMapping
	@Operation(operationId = "listLinks", summary = "List a file's links, newest first, with their use counts")
	List<LinkResponse> list(Principal principal, @PathVariable String id) {
		var now = this.clock.instant();
		return this.links.list(principal.getName(), id).stream().map((link) -> LinkResponse.of(link, now)).toList();
	}

	@PostMapping
	@Operation(operationId = "createLink",
			summary = "Create a link; the answer carries its token and URL, shown only this once",
			responses = @ApiResponse(responseCode = "201", description = "Created"))
	ResponseEntity<LinkResponse> create(Principal principal, @PathVariable String id,
			@RequestBody(required = false) LinkRequest body) {
		LinkRequest request = (body != null) ? body : new LinkRequest(null, null, null, null);
		IssuedShareLink issued = this.links.create(principal.getName(), id, request);
		LinkResponse response = LinkResponse.of(issued.link(), this.clock.instant(), issued.token(),
				PublicLinkController.urlOf(issued.token()));
		return ResponseEntity.created(URI.create("/api/v1/files/" + id + "/links/" + issued.link().id()))
			.body(response);
	}

	@DeleteMapping("/{linkId}")
	@Operation(operationId = "revokeLink", summary = "Revoke a link: from the next request on it answers 410",
			responses = @ApiResponse(responseCode = "204", description = "Revoked"))
	ResponseEntity<Void> revoke(Principal principal, @PathVariable String id, @PathVariable String linkId) {
		this.links.revoke(principal.getName(), id, linkId);
		return ResponseEntity.noContent().build();
	}

}
