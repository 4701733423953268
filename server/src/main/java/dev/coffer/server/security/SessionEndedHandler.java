package dev.coffer.server.security;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * The forms of pages anyone may open (a public link's password, a file request's drop
 * box, sign-up and sign-in) hold a token of an anonymous session, which ends after the
 * same idle time. Their visitor may have no account: such a post goes back to its own
 * page, which says the page expired, and a drop box's script is told to reload it.
 * <p>
 * A wrong token on a live session, or no token at all, is still refused as before, by the
 * delegate.
 */
class SessionEndedHandler implements AccessDeniedHandler {

	static final String LOGIN_PAGE = "/login?session-ended";

	static final String DETAIL = "Your session ended (signed out, or idle for 30 minutes). Sign in and try again.";

	static final String PAGE_EXPIRED = "page-expired";

	static final String PAGE_EXPIRED_DETAIL = "This page was open for over 30 minutes without being used, so it "
			+ "expired. Reload it and try again.";

	private static final String CSRF_HEADER = "X-CSRF-TOKEN";

	/** A public link's password form: {@code POST /s/{token}}. */
	private static final Pattern LINK_FORM = Pattern.compile("/s/([A-Za-z0-9_-]{1,200})");

	/**
	 * A drop box's forms and uploads: {@code /r/{token}}, {@code /unlock},
	 * {@code /uploads…}.
	 */
	private static final Pattern DROP_BOX = Pattern.compile("/r/([A-Za-z0-9_-]{1,200})(/.*)?");

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
		else {
			Optional<String> ownPage = anonymousPage(request);
			if (isScript(request)) {
				ErrorResponses.write(request, response,
						ownPage.isPresent() ? ErrorResponses.problem(HttpStatus.FORBIDDEN, PAGE_EXPIRED_DETAIL)
								: ErrorResponses.problem(HttpStatus.UNAUTHORIZED, DETAIL));
			}
			else {
				response.sendRedirect(request.getContextPath() + ownPage.orElse(LOGIN_PAGE));
			}
		}
	}

	/**
	 * The page a form that anyone may use came from, marked as expired; empty for the
	 * forms of signed-in pages.
	 */
	private static Optional<String> anonymousPage(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		Matcher link = LINK_FORM.matcher(path);
		if (link.matches()) {
			return Optional.of("/s/" + link.group(1) + "?" + PAGE_EXPIRED);
		}
		Matcher dropBox = DROP_BOX.matcher(path);
		if (dropBox.matches()) {
			return Optional.of("/r/" + dropBox.group(1) + "?" + PAGE_EXPIRED);
		}
		if (path.equals("/login")) {
			return Optional.of("/login?" + PAGE_EXPIRED);
		}
		if (path.equals("/signup")) {
			String invite = request.getParameter("invite");
			return Optional.of("/signup?" + PAGE_EXPIRED + ((invite == null || invite.isEmpty()) ? ""
					: "&invite=" + URLEncoder.encode(invite, StandardCharsets.UTF_8)));
		}
		return Optional.empty();
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
