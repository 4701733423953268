package dev.coffer.server.web;

import java.io.IOException;
import java.time.Instant;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;

/**
 * After a successful form login: records when the login happened (for the absolute
 * session lifetime, see {@link SessionLifetimeFilter}), lets the login throttle forget
 * the name's failures and note them for the owner, then continues to the page that asked
 * for it.
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
		this.throttle.succeeded(request, authentication.getName());
		super.onAuthenticationSuccess(request, response, authentication);
	}

}
