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
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
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
 * The token must belong to the user named.
 * <p>
 * The account's password is accepted instead only if the administrator allows it
 * ({@code coffer.dav.allow-passwords}) and the account has no second factor (and none is
 * required): a password that a second factor guards never opens anything alone. Such a
 * sign-in is counted in the sign-in throttle before the password is hashed, like the
 * sign-in form's (a locked name or address is 429 at once, and costs no hash), and a
 * success forgives the name's failures. A right password of an account with a second
 * factor is answered exactly as a wrong one.
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

	private final AuthenticationManager passwords;

	private final SecondFactors secondFactors;

	/**
	 * @param passwords checks account passwords, or null if they are not accepted here
	 * @param secondFactors whether a password alone may sign an account in
	 */
	DavAuthenticationFilter(OpaqueTokenIntrospector tokens, SignInThrottle throttle, SignInAccounts accounts,
			ApplicationEventPublisher events, AuthenticationManager passwords, SecondFactors secondFactors) {
		this.tokens = tokens;
		this.throttle = throttle;
		this.accounts = accounts;
		this.events = events;
		this.passwords = passwords;
		this.secondFactors = secondFactors;
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
		if (principal != null && principal.getName().equalsIgnoreCase(username)) {
			signIn(new BearerTokenAuthentication(principal,
					new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, token, Instant.now(), null),
					principal.getAuthorities()));
			chain.doFilter(request, response);
			return;
		}
		SignInThrottle.Attempt attempt = begin(request, response, username);
		if (attempt == null) {
			return; // locked: 429
		}
		if (this.passwords == null) {
			refused(request, response, username, "WebDAV: not a valid access token for this name");
			return;
		}
		Authentication authenticated = password(username, token);
		if (authenticated == null || !this.secondFactors.passwordSuffices(username)) {
			refused(request, response, username,
					(authenticated == null) ? "WebDAV: neither a valid token nor the password"
							: "WebDAV: password refused, the account has a second factor");
			return;
		}
		attempt.succeeded();
		signIn(authenticated);
		chain.doFilter(request, response);
	}

	private static void signIn(Authentication authentication) {
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(authentication);
		SecurityContextHolder.setContext(context);
	}

	/** The account signed in with its password, or null if it is wrong or unusable. */
	private Authentication password(String username, String password) {
		try {
			return this.passwords.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(username, password));
		}
		catch (AuthenticationException ex) {
			return null;
		}
	}

	private OAuth2AuthenticatedPrincipal introspect(String token) {
		try {
			return this.tokens.introspect(token);
		}
		catch (OAuth2IntrospectionException ex) {
			return null;
		}
	}

	/**
	 * Counts a sign-in attempt that no token proved, before any password is hashed.
	 * @return the attempt, or null if the name or address is locked (answered 429)
	 */
	private SignInThrottle.Attempt begin(HttpServletRequest request, HttpServletResponse response, String username) {
		try {
			return this.throttle.begin(username, request.getRemoteAddr());
		}
		catch (RetryLaterException ex) {
			this.events.publishEvent(new SecurityEvent("login.locked", username, request.getRemoteAddr(), null,
					SecurityEvent.Outcome.DENIED, "WebDAV sign-in refused for " + ex.retryAfterHeader() + " s"));
			response.setHeader(HttpHeaders.RETRY_AFTER, ex.retryAfterHeader());
			response.setStatus(429);
			return null;
		}
	}

	/** A failed sign-in: it stays counted, the owner is told, 401. */
	private void refused(HttpServletRequest request, HttpServletResponse response, String username, String why) {
		this.accounts.recordFailedLogin(username);
		this.events.publishEvent(new SecurityEvent("login.failed", username, request.getRemoteAddr(), null,
				SecurityEvent.Outcome.FAILURE, why));
		challenge(response);
	}

	/** 401 with the Basic challenge, and no body: no error page, no session. */
	static void challenge(HttpServletResponse response) {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Coffer\"");
		response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
	}

}
