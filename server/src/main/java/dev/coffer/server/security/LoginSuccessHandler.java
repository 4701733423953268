package dev.coffer.server.security;

import java.io.IOException;
import java.time.Instant;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.csrf.CsrfToken;

/**
 * After a successful form login: records when the login happened (for the absolute
 * session lifetime, see {@link SessionLifetimeFilter}), creates the session's new CSRF
 * token, lets the login throttle forget the name's failures and note them for the owner,
 * then continues to the page that asked for it.
 */
class LoginSuccessHandler extends SavedRequestAwareAuthenticationSuccessHandler {

	private final LoginThrottleFilter throttle;

	LoginSuccessHandler(LoginThrottleFilter throttle) {
		this.throttle = throttle;
		setDefaultTargetUrl("/");
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws ServletException, IOException {
		request.getSession().setAttribute(SessionLifetimeFilter.AUTHENTICATED_AT, Instant.now().toEpochMilli());
		createCsrfToken(request);
		this.throttle.succeeded(request, authentication.getName());
		super.onAuthenticationSuccess(request, response, authentication);
	}

	/**
	 * Spring Security has just dropped the session's CSRF token (a token known before
	 * login must not survive it) and put a new one in its place that is created when
	 * first read. Left to the new session's first requests, parallel ones (several tabs,
	 * the upload script, an API client with the session cookie) would each create and
	 * store a token of their own, and every page or client holding any but the last one
	 * stored would be refused with 403. Read here, it is created once, by the one request
	 * that signs in. (Reading the token in every request, Spring's other option, would
	 * give every anonymous request a session.)
	 */
	private static void createCsrfToken(HttpServletRequest request) {
		if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
			token.getToken();
		}
	}

}
