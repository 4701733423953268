package dev.coffer.server.security;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.MissingCsrfTokenException;

import dev.coffer.server.web.ErrorResponses;

/**
 * A form or script request whose session has ended (signed out in another tab, idle too
 * long) fails its CSRF check because no session holds a token any more: Spring Security
 * tells that apart as a {@link MissingCsrfTokenException} (every signed-in session has a
 * token, created at login by {@link LoginSuccessHandler}). Such a request is not a
 * forgery to refuse with a bare 403 but a user to send to the sign-in page with a reason;
 * a script gets a 401 problem whose detail it shows. Nothing of the request is carried
 * over: after sign-in the user submits again, by choice.
 * <p>
 * A wrong token on a live session, or no token at all, is still refused as before, by the
 * delegate.
 */
class SessionEndedHandler implements AccessDeniedHandler {

	static final String LOGIN_PAGE = "/login?session-ended";

	static final String DETAIL = "Your session ended (signed out, or idle for 30 minutes). Sign in and try again.";

	private static final String CSRF_HEADER = "X-CSRF-TOKEN";

	private final AccessDeniedHandler otherwise;

	SessionEndedHandler(AccessDeniedHandler otherwise) {
		this.otherwise = otherwise;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
			throws IOException, ServletException {
		if (!(denied instanceof MissingCsrfTokenException) || !carriesToken(request)) {
			this.otherwise.handle(request, response, denied);
		}
		else if (isScript(request)) {
			ErrorResponses.write(request, response, ErrorResponses.problem(HttpStatus.UNAUTHORIZED, DETAIL));
		}
		else {
			response.sendRedirect(request.getContextPath() + LOGIN_PAGE);
		}
	}

	/**
	 * A request that sends no token at all did not come from one of Coffer's pages: it is
	 * refused like any other.
	 */
	private static boolean carriesToken(HttpServletRequest request) {
		return request.getParameter("_csrf") != null || request.getHeader(CSRF_HEADER) != null;
	}

	/** The page's scripts send the token in a header, forms as a field. */
	private static boolean isScript(HttpServletRequest request) {
		return ErrorResponses.wantsProblem(request) || request.getHeader(CSRF_HEADER) != null
				|| request.getHeader("X-Requested-With") != null;
	}

}
