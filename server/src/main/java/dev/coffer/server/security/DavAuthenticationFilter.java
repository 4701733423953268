package dev.coffer.server.security;

import java.io.IOException;
import java.time.Instant;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.web.authentication.www.BasicAuthenticationConverter;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.coffer.server.RetryLaterException;
import dev.coffer.server.SecurityEvent;

/**
 * HTTP Basic for WebDAV ({@code /dav/**}): the user name and a personal access token as
 * the password, checked by the same introspector as {@code Authorization: Bearer} on the
 * API, so a revoked or expired token, or a disabled account, fails on the next request.
 * The token must belong to the user named; an account password is not accepted here.
 * <p>
 * A failure counts in the sign-in throttle like a failed sign-in (per name and per client
 * network) and is answered 401, or 429 with {@code Retry-After} once the throttle locks.
 * A valid token is not refused while the name is locked: a 256-bit token cannot be
 * guessed, and someone else's failures must not lock its holder out. A success writes
 * nothing, so a client's hundreds of requests cost no throttle rows.
 */
class DavAuthenticationFilter extends OncePerRequestFilter {

	private final BasicAuthenticationConverter basic = new BasicAuthenticationConverter();

	private final OpaqueTokenIntrospector tokens;

	private final SignInThrottle throttle;

	private final SignInAccounts accounts;

	private final ApplicationEventPublisher events;

	DavAuthenticationFilter(OpaqueTokenIntrospector tokens, SignInThrottle throttle, SignInAccounts accounts,
			ApplicationEventPublisher events) {
		this.tokens = tokens;
		this.throttle = throttle;
		this.accounts = accounts;
		this.events = events;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		UsernamePasswordAuthenticationToken presented;
		try {
			presented = this.basic.convert(request);
		}
		catch (AuthenticationException ex) {
			challenge(response); // a malformed Basic header
			return;
		}
		if (presented == null) {
			chain.doFilter(request, response); // anonymous: refused with a challenge
			return;
		}
		String username = presented.getName().strip().toLowerCase(Locale.ROOT);
		String token = String.valueOf(presented.getCredentials());
		OAuth2AuthenticatedPrincipal principal = introspect(token);
		if (principal == null || !principal.getName().equalsIgnoreCase(username)) {
			failed(request, response, username);
			return;
		}
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(new BearerTokenAuthentication(principal,
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, token, Instant.now(), null),
				principal.getAuthorities()));
		SecurityContextHolder.setContext(context);
		chain.doFilter(request, response);
	}

	private OAuth2AuthenticatedPrincipal introspect(String token) {
		try {
			return this.tokens.introspect(token);
		}
		catch (OAuth2IntrospectionException ex) {
			return null;
		}
	}

	private void failed(HttpServletRequest request, HttpServletResponse response, String username) throws IOException {
		try {
			this.throttle.begin(username, request.getRemoteAddr());
		}
		catch (RetryLaterException ex) {
			this.events.publishEvent(new SecurityEvent("login.locked", username, request.getRemoteAddr(), null,
					SecurityEvent.Outcome.DENIED, "WebDAV sign-in refused for " + ex.retryAfterHeader() + " s"));
			response.setHeader(HttpHeaders.RETRY_AFTER, ex.retryAfterHeader());
			response.setStatus(429);
			return;
		}
		this.accounts.recordFailedLogin(username);
		this.events.publishEvent(new SecurityEvent("login.failed", username, request.getRemoteAddr(), null,
				SecurityEvent.Outcome.FAILURE, "WebDAV: not a valid access token for this name"));
		challenge(response);
	}

	/** 401 with the Basic challenge, and no body: no error page, no session. */
	static void challenge(HttpServletResponse response) {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Coffer\"");
		response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
	}

}
