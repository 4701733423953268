package dev.coffer.server.security;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a login after an absolute lifetime (12 h by default), however active the session
 * has been. Spring Session enforces the idle timeout; this adds the hard limit OWASP
 * recommends, so a stolen session cookie cannot be kept alive forever.
 */
class SessionLifetimeFilter extends OncePerRequestFilter {

	static final String AUTHENTICATED_AT = "coffer.authenticatedAt";

	private final Duration absoluteTimeout;

	SessionLifetimeFilter(Duration absoluteTimeout) {
		this.absoluteTimeout = absoluteTimeout;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		HttpSession session = request.getSession(false);
		if (session != null && session.getAttribute(AUTHENTICATED_AT) instanceof Long authenticatedAt
				&& Instant.ofEpochMilli(authenticatedAt).plus(this.absoluteTimeout).isBefore(Instant.now())) {
			session.invalidate();
			SecurityContextHolder.clearContext();
			if (!request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
				response.sendRedirect(request.getContextPath() + "/login?expired");
				return;
			}
		}
		chain.doFilter(request, response);
	}

}
