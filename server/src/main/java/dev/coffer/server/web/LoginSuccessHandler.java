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
 * session lifetime, see {@link SessionLifetimeFilter}), then continues to the page that
 * asked for it.
 */
class LoginSuccessHandler extends SavedRequestAwareAuthenticationSuccessHandler {

	LoginSuccessHandler() {
		setDefaultTargetUrl("/");
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws ServletException, IOException {
		request.getSession().setAttribute(SessionLifetimeFilter.AUTHENTICATED_AT, Instant.now().toEpochMilli());
		super.onAuthenticationSuccess(request, response, authentication);
	}

}
