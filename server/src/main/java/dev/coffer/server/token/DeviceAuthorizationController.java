package dev.coffer.server.token;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.coffer.server.InvalidInputException;
import dev.coffer.server.web.ProblemResponse;

/**
 * The two endpoints a device calls to be signed in, in the wire format of RFC 8628
 * (form-encoded requests, JSON answers, RFC 6749 §5.2 error codes): the device
 * authorization endpoint (§3.1-3.2) and the token endpoint (§3.4-3.5). Neither needs
 * credentials: the device code is the credential. Coffer has one client,
 * {@code coffer-cli}; the device names itself in {@code device_name} (an extension
 * parameter, RFC 8628 §3.1 allows them).
 */
@RestController
@Tag(name = "Device sign-in")
class DeviceAuthorizationController {

	static final String CLIENT_ID = "coffer-cli";

	static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:device_code";

	static final String DEFAULT_DEVICE_NAME = "coffer CLI";

	private final DeviceLogins logins;

	DeviceAuthorizationController(DeviceLogins logins) {
		this.logins = logins;
	}

	@SecurityRequirements // none: anyone may start a sign-in
	@ApiResponse(responseCode = "200", description = "The device code, the user code and where to enter it")
	@ApiResponse(responseCode = "400",
			description = "An RFC 6749 error: {\"error\": \"…\", \"error_description\": \"…\"}",
			content = @Content(mediaType = "application/json", schema = @Schema(type = "object")))
	@ProblemResponse(status = 429, when = "Too many sign-ins started from this address (Retry-After)")
	@PostMapping(path = "/api/v1/oauth/device_authorization", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	@Operation(
			summary = "Start a device sign-in (RFC 8628 §3.1): a device code to poll with and a user code to approve")
	ResponseEntity<Map<String, Object>> authorize(@RequestParam(name = "client_id", required = false) String clientId,
			@RequestParam(name = "device_name", required = false) String deviceName,
			@RequestParam(name = "scope", required = false) String scope, HttpServletRequest request) {
		if (!CLIENT_ID.equals(clientId)) {
			return error(HttpStatus.BAD_REQUEST, "invalid_client", "The client_id must be " + CLIENT_ID + ".");
		}
		if (scope != null && !scope.isBlank() && !ApiTokenService.SCOPES.containsAll(List.of(scope.split(" ")))) {
			return error(HttpStatus.BAD_REQUEST, "invalid_scope", "The only scope is " + ApiTokenService.SCOPES + ".");
		}
		StartedDeviceLogin started;
		try {
			started = this.logins.start((deviceName != null) ? deviceName : DEFAULT_DEVICE_NAME,
					request.getRemoteAddr());
		}
		catch (InvalidInputException ex) {
			// RFC 8628 §3.2 answers a bad parameter as RFC 6749 §5.2 does, not as a
			// problem.
			return error(HttpStatus.BAD_REQUEST, "invalid_request", ex.getMessage());
		}
		String verification = ServletUriComponentsBuilder.fromCurrentContextPath().path("/device").toUriString();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("device_code", started.deviceCode());
		body.put("user_code", started.userCode());
		body.put("verification_uri", verification);
		body.put("verification_uri_complete", verification + "?user_code=" + started.userCode());
		body.put("expires_in", started.expiresIn().toSeconds());
		body.put("interval", started.intervalSeconds());
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
	}

	@ApiResponse(responseCode = "200", description = "The API token, once the sign-in is approved")
	@ApiResponse(responseCode = "400",
			description = "An RFC 6749 error: {\"error\": \"…\", \"error_description\": \"…\"}",
			content = @Content(mediaType = "application/json", schema = @Schema(type = "object")))
	@ProblemResponse(status = 409,
			when = "The user has 50 active tokens already: the approval stays usable once they revoke one")
	@ProblemResponse(status = 429, when = "Too many unknown device codes from this address (Retry-After)")
	@PostMapping(path = "/api/v1/oauth/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	@SecurityRequirements // none: the device code is the credential
	@Operation(summary = "Poll for the token of an approved device sign-in (RFC 8628 §3.4)")
	ResponseEntity<Map<String, Object>> token(@RequestParam(name = "grant_type", required = false) String grantType,
			@RequestParam(name = "device_code", required = false) String deviceCode,
			@RequestParam(name = "client_id", required = false) String clientId, HttpServletRequest request) {
		if (!GRANT_TYPE.equals(grantType)) {
			return error(HttpStatus.BAD_REQUEST, "unsupported_grant_type",
					"The grant_type must be " + GRANT_TYPE + ".");
		}
		if (!CLIENT_ID.equals(clientId)) {
			return error(HttpStatus.BAD_REQUEST, "invalid_client", "The client_id must be " + CLIENT_ID + ".");
		}
		if (deviceCode == null || deviceCode.isEmpty()) {
			return error(HttpStatus.BAD_REQUEST, "invalid_request", "The device_code is missing.");
		}
		DevicePoll poll = this.logins.poll(deviceCode, request.getRemoteAddr());
		if (poll.error() != null) {
			return error(HttpStatus.BAD_REQUEST, poll.error(), poll.description());
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("access_token", poll.token());
		body.put("token_type", "Bearer");
		body.put("scope", String.join(" ", ApiTokenService.SCOPES));
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header("Pragma", "no-cache").body(body);
	}

	/** RFC 6749 §5.2: a JSON object with {@code error} and {@code error_description}. */
	private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String error, String description) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", error);
		body.put("error_description", description);
		return ResponseEntity.status(status).cacheControl(CacheControl.noStore()).body(body);
	}

}
