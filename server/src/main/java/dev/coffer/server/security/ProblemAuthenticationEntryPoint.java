package dev.coffer.server.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrorCodes;
import org.springframework.security.web.AuthenticationEntryPoint;

import dev.coffer.server.web.ErrorResponses;

/**
 * API requests without valid credentials get a 401 problem (a request with two
 * {@code Authorization} headers, the only malformed one the resolver reports, a 400),
 * never a redirect to a login page. A rejected bearer token also says so in
 * {@code WWW-Authenticate} (RFC 6750 {@code invalid_token}), in fixed words: the reason
 * (unknown, expired, revoked, account disabled) stays on the server.
 */
class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

	private static final String MISSING = "Sign in or send a valid API token: Authorization: Bearer <token>.";

	private static final String INVALID = "The API token is not valid: it may be mistyped, expired or revoked.";

	private static final String INVALID_TOKEN_CHALLENGE = "Bearer error=\"invalid_token\", "
			+ "error_description=\"The access token is not valid\"";

	private static final String TWO_HEADERS = "Send one Authorization header, with one API token.";

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		if (authException instanceof OAuth2AuthenticationException oauth
				&& BearerTokenErrorCodes.INVALID_REQUEST.equals(oauth.getError().getErrorCode())) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_request\"");
			ErrorResponses.write(request, response, ErrorResponses.problem(HttpStatus.BAD_REQUEST, TWO_HEADERS));
			return;
		}
		boolean invalidToken = authException instanceof OAuth2AuthenticationException;
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, invalidToken ? INVALID_TOKEN_CHALLENGE : "Bearer");
		ErrorResponses.write(request, response,
				ErrorResponses.problem(HttpStatus.UNAUTHORIZED, invalidToken ? INVALID : MISSING));
	}

}
