package dev.coffer.server.sharing.requests;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.server.InvalidInputException;
import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.web.ProblemResponse;

/**
 * Request links over the API: {@code /api/v1/requests} (list, create, revoke) and
 * {@code /api/v1/received} (files that arrived through them). The token of a new link is
 * in the answer to its creation only.
 */
@RestController
@Tag(name = "Requests", description = "Upload-only request links and the files received through them")
class FileRequestApiController {

	private final FileRequestService requests;

	private final Clock clock;

	FileRequestApiController(FileRequestService requests, Clock clock) {
		this.requests = requests;
		this.clock = clock;
	}

	/** What creating a request link takes. */
	record CreateRequest(
			@Schema(description = "1-200 characters", requiredMode = Schema.RequiredMode.REQUIRED) String title,
			@Schema(description = "1-365; omit for a link that never expires") Integer expiresInDays,
			@Schema(description = "Senders must enter it first; omit for none") String password,
			@Schema(description = "1-1000", requiredMode = Schema.RequiredMode.REQUIRED) Integer maxFiles,
			@Schema(description = "The most the link accepts in all, in bytes",
					requiredMode = Schema.RequiredMode.REQUIRED) Long maxBytes,
			@Schema(description = "The id of your folder the files go into; your top folder if absent "
					+ "(or if the folder is deleted later)") String folderId) {
	}

	/**
	 * A request link; {@code token} and {@code url} only in the answer to its creation
	 * and to GET of this one link if it is {@code copyable}, {@code expiresAt} only if it
	 * expires.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record RequestResponse(String id, String title, String status, Instant createdAt, Instant expiresAt,
			@Schema(description = "The folder the files go into; absent for your top folder") String folderId,
			boolean passwordProtected, int maxFiles, long maxBytes, int receivedFiles, long receivedBytes,
			@Schema(description = "Whether GET of this link shows its token and URL again; false for links "
					+ "made before that was possible and for revoked ones") boolean copyable,
			@Schema(description = "Only when just created, or asked for this one link") String token,
			@Schema(description = "Only when just created, or asked for this one link") String url) {

		static RequestResponse of(FileRequest request, Instant now, String token) {
			return new RequestResponse(request.id(), request.title(),
					request.status(now).name().toLowerCase(Locale.ROOT), request.createdAt(), request.expiresAt(),
					request.folderId(), request.passwordProtected(), request.maxFiles(), request.maxBytes(),
					request.receivedFiles(), request.receivedBytes(), request.copyable(), token,
					(token != null) ? DropBoxController.urlOf(token) : null);
		}

	}

	@GetMapping("/api/v1/requests")
	@Operation(summary = "List your request links, newest first")
	List<RequestResponse> list(CurrentUser current) {
		Instant now = this.clock.instant();
		return this.requests.list(current.id())
			.stream()
			.map((request) -> RequestResponse.of(request, now, null))
			.toList();
	}

	@ProblemResponse(status = 404, when = "folderId is not one of your folders")
	@PostMapping("/api/v1/requests")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Create a request link (201); its token and URL are shown only in this answer")
	ResponseEntity<RequestResponse> create(CurrentUser current, @RequestBody(required = false) CreateRequest body) {
		if (body == null || body.maxFiles() == null || body.maxBytes() == null) {
			throw new InvalidInputException(null,
					"Send {\"title\": \"...\", \"maxFiles\": 10, \"maxBytes\": 1000000000} (expiresInDays and password are optional).");
		}
		IssuedFileRequest issued = this.requests.create(current, body.title(), body.expiresInDays(), body.password(),
				body.maxFiles(), body.maxBytes(), body.folderId());
		return ResponseEntity.created(URI.create("/api/v1/requests/" + issued.request().id()))
			.body(RequestResponse.of(issued.request(), this.clock.instant(), issued.token()));
	}

	@GetMapping("/api/v1/requests/{id}")
	@Operation(summary = "One of your request links, with its token and URL to copy again when it is copyable "
			+ "(not links made before that was possible, nor revoked ones)")
	RequestResponse get(CurrentUser current, @PathVariable String id) {
		IssuedFileRequest revealed = this.requests.reveal(current, id);
		return RequestResponse.of(revealed.request(), this.clock.instant(), revealed.token());
	}

	@DeleteMapping("/api/v1/requests/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Revoke a request link: it accepts no more files (204)")
	ResponseEntity<Void> revoke(CurrentUser current, @PathVariable String id) {
		this.requests.revoke(current, id);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/api/v1/received")
	@Operation(summary = "Files received through your request links, with the senders' details, newest first")
	List<ReceivedFile> received(CurrentUser current) {
		return this.requests.received(current.id());
	}

}
