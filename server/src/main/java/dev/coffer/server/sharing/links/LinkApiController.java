package dev.coffer.server.sharing.links;

import java.net.URI;
import java.time.Clock;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.server.InvalidInputException;
import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.web.ProblemResponse;

/**
 * Public links through the REST API ({@code /api/v1/files/{id}/links}) and who may make
 * them ({@code /api/v1/files/{id}/link-policy}). The owner manages every link of a file,
 * an editor the owner allows the links they made; other users the file is shared with get
 * 403, anyone else 404.
 */
@RestController
@RequestMapping("/api/v1/files/{id}")
@Tag(name = "Links", description = "Public links to your files")
class LinkApiController {

	private final ShareLinkService links;

	private final Clock clock;

	LinkApiController(ShareLinkService links, Clock clock) {
		this.links = links;
		this.clock = clock;
	}

	/** Who may make links to a file besides its owner. */
	record LinkPolicy(@Schema(
			description = "Whether users the file is shared with for editing may make links") Boolean editorsMayCreateLinks) {
	}

	@ProblemResponse(status = 403,
			when = "Your permission is READ, or you edit the file and its owner does not let editors make links")
	@GetMapping("/links")
	@Operation(operationId = "listLinks",
			summary = "List a file's links you manage (all for the owner, your own for an editor), newest first")
	List<LinkResponse> list(CurrentUser current, @PathVariable String id) {
		var now = this.clock.instant();
		return this.links.list(current.id(), id).stream().map((link) -> LinkResponse.of(link, now)).toList();
	}

	@ProblemResponse(status = 403,
			when = "Your permission is READ, or you edit the file and its owner does not let editors make links")
	@ProblemResponse(status = 409, when = "The version it would serve is end-to-end encrypted")
	@PostMapping("/links")
	@Operation(operationId = "createLink",
			summary = "Create a link; the answer carries its token and URL, shown only this once",
			responses = @ApiResponse(responseCode = "201", description = "Created"))
	ResponseEntity<LinkResponse> create(CurrentUser current, @PathVariable String id,
			@RequestBody(required = false) LinkRequest body) {
		LinkRequest request = (body != null) ? body : new LinkRequest(null, null, null, null);
		IssuedShareLink issued = this.links.create(current, id, request);
		LinkResponse response = LinkResponse.of(issued.link(), this.clock.instant(), issued.token(),
				PublicLinkController.urlOf(issued.token()));
		return ResponseEntity.created(URI.create("/api/v1/files/" + id + "/links/" + issued.link().id()))
			.body(response);
	}

	@ProblemResponse(status = 403,
			when = "Your permission is READ, or you edit the file and its owner does not let editors make links")
	@GetMapping("/links/{linkId}")
	@Operation(operationId = "getLink",
			summary = "One link you manage, with its token and URL to copy again when it is copyable "
					+ "(not links made before that was possible, nor revoked ones)")
	LinkResponse get(CurrentUser current, @PathVariable String id, @PathVariable String linkId) {
		IssuedShareLink copied = this.links.reveal(current, id, linkId);
		String token = copied.token();
		return LinkResponse.of(copied.link(), this.clock.instant(), token,
				(token != null) ? PublicLinkController.urlOf(token) : null);
	}

	@ProblemResponse(status = 403,
			when = "Your permission is READ, or you edit the file and its owner does not let editors make links")
	@DeleteMapping("/links/{linkId}")
	@Operation(operationId = "revokeLink", summary = "Revoke a link: from the next request on it answers 410",
			responses = @ApiResponse(responseCode = "204", description = "Revoked"))
	ResponseEntity<Void> revoke(CurrentUser current, @PathVariable String id, @PathVariable String linkId) {
		this.links.revoke(current, id, linkId);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/link-policy")
	@Operation(operationId = "getLinkPolicy", summary = "Whether editors of the file may make links")
	LinkPolicy policy(CurrentUser current, @PathVariable String id) {
		return new LinkPolicy(this.links.editorsMayCreateLinks(current.id(), id));
	}

	@ProblemResponse(status = 403, when = "The file is shared with you: this is its owner's")
	@PutMapping("/link-policy")
	@Operation(operationId = "setLinkPolicy",
			summary = "Let editors of your file make links, or stop them (owner only); "
					+ "stopping revokes the links they made")
	LinkPolicy setPolicy(CurrentUser current, @PathVariable String id, @RequestBody(required = false) LinkPolicy body) {
		if (body == null || body.editorsMayCreateLinks() == null) {
			throw new InvalidInputException("editorsMayCreateLinks",
					"Send {\"editorsMayCreateLinks\": true} or false.");
		}
		this.links.setEditorsMayCreateLinks(current, id, body.editorsMayCreateLinks());
		return new LinkPolicy(body.editorsMayCreateLinks());
	}

}
