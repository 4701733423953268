package dev.coffer.server.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Hides the HTTP session from requests authenticated by an API token. Spring MVC and
 * Spring Security look up the session on their own (flash attributes, authentication
 * details), which with a session cookie sent along would load that session from the
 * database and keep it alive. Such a request sees no session, and one that tries to
 * create a session fails loudly rather than quietly sending a cookie.
 */
class SessionlessRequestFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(new SessionlessRequest(request), response);
	}

	private static final class SessionlessRequest extends HttpServletRequestWrapper {

		SessionlessRequest(HttpServletRequest request) {
			super(request);
		}

		@Override
		public HttpSession getSession(boolean create) {
			if (create) {
				throw new IllegalStateException("Requests with an API token have no session");
			}
			return null;
		}

		@Override
		public HttpSession getSession() {
			return getSession(true);
		}

		@Override
		public boolean isRequestedSessionIdValid() {
			return false;
		}

		@Override
		public String changeSessionId() {
			throw new IllegalStateException("Requests with an API token have no session");
		}

	}

}
