package dev.coffer.server.account;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.server.InvalidInputException;
import dev.coffer.server.web.ProblemResponse;

/**
 * Public keys for end-to-end encrypted files: your own ({@code /api/v1/me/public-keys}),
 * registered by {@code coffer keys init}, and another user's, to share such a file with
 * them. See docs/API.md.
 */
@RestController
@Tag(name = "End-to-end encryption", description = "Public keys and wrapped file keys")
class PublicKeyApiController {

	private final PublicKeys keys;

	PublicKeyApiController(PublicKeys keys) {
		this.keys = keys;
	}

	@GetMapping("/api/v1/me/public-keys")
	@Operation(summary = "Your public key for end-to-end encrypted files (a list of at most one)")
	List<PublicKeyResponse> own(CurrentUser current) {
		return this.keys.own(current.id()).map(PublicKeyResponse::of).stream().toList();
	}

	@ApiResponse(responseCode = "201", description = "Registered")
	@ApiResponse(responseCode = "200", description = "The same key was registered already")
	@ProblemResponse(status = 409, when = "You have another public key already")
	@PostMapping("/api/v1/me/public-keys")
	@Operation(summary = "Register your public key (201); the same key again is 200, a different one 409")
	ResponseEntity<PublicKeyResponse> register(CurrentUser current, @RequestBody(required = false) KeyRequest body) {
		if (body == null) {
			throw new InvalidInputException("publicKey", "Send {\"algorithm\": \"" + PublicKeys.ALGORITHM
					+ "\", \"publicKey\": \"…\", \"fingerprint\": \"…\"}.");
		}
		PublicKeys.Registration registration = this.keys.register(current.id(), body.algorithm(), body.publicKey(),
				body.fingerprint());
		PublicKeyResponse key = PublicKeyResponse.of(registration.key());
		return registration.created() ? ResponseEntity.created(URI.create("/api/v1/me/public-keys")).body(key)
				: ResponseEntity.ok(key);
	}

	@GetMapping("/api/v1/users/{user}/public-keys")
	@Operation(summary = "A user's public key (by username or email address), to share an end-to-end encrypted "
			+ "file with them; 404 if there is no such user or they have no key")
	List<PublicKeyResponse> ofUser(@PathVariable String user) {
		return List.of(PublicKeyResponse.of(this.keys.of(user)));
	}

	/** A key to register. */
	record KeyRequest(String algorithm, String publicKey, String fingerprint) {
	}

	/** A public key as the API shows it. */
	record PublicKeyResponse(String username, String algorithm, String publicKey, String fingerprint,
			Instant createdAt) {

		static PublicKeyResponse of(UserPublicKey key) {
			return new PublicKeyResponse(key.username(), key.algorithm(), key.publicKey(), key.fingerprint(),
					key.createdAt());
		}

	}

}
