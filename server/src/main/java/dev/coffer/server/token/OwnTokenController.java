package dev.coffer.server.token;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2TokenIntrospectionClaimNames;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.server.NotFoundException;
import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.web.ProblemResponse;

/**
 * Lets a program revoke the very token it calls with ({@code coffer logout}), without
 * knowing its id or being able to touch the user's other tokens.
 */
@RestController
@Tag(name = "API tokens")
class OwnTokenController {

	private final ApiTokenService tokens;

	OwnTokenController(ApiTokenService tokens) {
		this.tokens = tokens;
	}

	/**
	 * {@code token} is the introspected token ({@link ApiTokenIntrospector}) or
	 * {@code null} for a browser session, which has no token to revoke.
	 */
	@ProblemResponse(status = 404, when = "This request carries no API token (it was made with a session)")
	@DeleteMapping("/api/v1/me/token")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Revoke the API token of this request (204); it is refused from the next request on")
	void revoke(CurrentUser current, @AuthenticationPrincipal OAuth2AuthenticatedPrincipal token) {
		String tokenId = (token != null) ? token.getAttribute(OAuth2TokenIntrospectionClaimNames.JTI) : null;
		if (tokenId == null) {
			throw new NotFoundException("This request was not made with an API token.");
		}
		this.tokens.revoke(current.id(), tokenId);
	}

}
