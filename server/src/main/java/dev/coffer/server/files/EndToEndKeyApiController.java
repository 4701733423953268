package dev.coffer.server.files;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.server.InvalidInputException;
import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.account.UserPublicKey;
import dev.coffer.server.web.ProblemResponse;

/**
 * The wrapped file keys of end-to-end encrypted versions: a reader fetches their own, the
 * owner stores one per reader and asks whom to wrap a new version for. See docs/API.md.
 */
@RestController
@RequestMapping("/api/v1/files/{id}")
@Tag(name = "End-to-end encryption", description = "Public keys and wrapped file keys")
class EndToEndKeyApiController {

	private final EndToEndKeys keys;

	EndToEndKeyApiController(EndToEndKeys keys) {
		this.keys = keys;
	}

	@GetMapping("/versions/{number}/e2e-key")
	@Operation(summary = "Your wrapped file key of an end-to-end encrypted version; 404 if none is wrapped for you")
	EndToEndKeys.WrappedFileKey own(CurrentUser current, @PathVariable String id, @PathVariable int number) {
		return this.keys.own(current.id(), current.username(), id, number);
	}

	@ApiResponse(responseCode = "201", description = "Stored")
	@ApiResponse(responseCode = "200", description = "Replaced")
	@ProblemResponse(status = 403, when = "You are not the file's owner")
	@ProblemResponse(status = 409, when = "The file is not shared with that user")
	@PutMapping("/versions/{number}/e2e-keys/{user}")
	@Operation(summary = "Store the version's file key wrapped to a reader's public key (owner only): "
			+ "201 new, 200 replaced; 409 if the file is not shared with them")
	ResponseEntity<EndToEndKeys.WrappedFileKey> store(CurrentUser current, @PathVariable String id,
			@PathVariable int number, @PathVariable String user, @RequestBody(required = false) WrapRequest body) {
		if (body == null || body.wrappedKey() == null) {
			throw new InvalidInputException("wrappedKey", "Send {\"wrappedKey\": \"…base64…\"}.");
		}
		boolean created = this.keys.store(current.id(), id, number, user, body.wrappedKey());
		return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
			.body(new EndToEndKeys.WrappedFileKey(id, number, user, body.wrappedKey()));
	}

	@ProblemResponse(status = 403, when = "You are not the file's owner")
	@GetMapping("/e2e-recipients")
	@Operation(summary = "The readers other than you that this file's keys are wrapped for, with their public "
			+ "keys: whom a new end-to-end encrypted version must be wrapped for (owner only)")
	List<RecipientResponse> recipients(CurrentUser current, @PathVariable String id) {
		return this.keys.recipients(current.id(), id).stream().map(RecipientResponse::of).toList();
	}

	/** A wrapped key to store. */
	record WrapRequest(String wrappedKey) {
	}

	/** A reader to wrap new versions for. */
	record RecipientResponse(String username, String algorithm, String publicKey, String fingerprint) {

		static RecipientResponse of(UserPublicKey key) {
			return new RecipientResponse(key.username(), key.algorithm(), key.publicKey(), key.fingerprint());
		}

	}

}
