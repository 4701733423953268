package dev.coffer.server.mfa;

import java.io.IOException;
import java.util.Objects;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.coffer.server.mfa.SecondFactorService.Requirement;

/**
 * The second step of a browser sign-in. After the password, a session counts as signed in
 * only once this gate has passed it for that login: a user with an authenticator must
 * enter a code on {@code /login/second-factor}, and, when a second factor is required, a
 * user without one must set one up on {@code /account/second-factor}. Until then every
 * other page redirects there and every API call is a 401 problem.
 * <p>
 * The pass is remembered in the session together with the username and the time of the
 * password login, so a new password login in the same session starts over.
 */
public class SecondFactorGate extends OncePerRequestFilter {

	static final String PASSED = "coffer.secondFactorPassed";

	/** Set by the password login's success handler, see the constructor. */
	static final String LOGIN_TIME = "coffer.authenticatedAt";

	/**
	 * Set on the requests this gate lets through to its own pages while the second step
	 * is pending; the layout reads it (as {@code secondStepPending}).
	 */
	static final String PENDING_ATTRIBUTE = "secondStepPending";

	static final String LOGIN_PAGE = "/login/second-factor";

	static final String ENROL_PAGE = "/account/second-factor";

	private static final RequestMatcher ALWAYS_OPEN = paths("/logout", "/css/**", "/js/**", "/favicon.ico",
			"/favicon.svg");

	private static final RequestMatcher VERIFY_PAGES = new OrRequestMatcher(ALWAYS_OPEN,
			paths(LOGIN_PAGE, "/webauthn/authenticate/options"));

	/**
	 * Set-up: an authenticator app, or a passkey instead (Spring Security's endpoints).
	 */
	private static final RequestMatcher ENROL_PAGES = new OrRequestMatcher(ALWAYS_OPEN,
			paths(ENROL_PAGE, ENROL_PAGE + "/confirm", "/webauthn/register/options", "/webauthn/register"));

	private static final RequestMatcher API = paths("/api/**");

	private final SecondFactorService secondFactors;

	private final AuthenticationEntryPoint apiEntryPoint;

	/**
	 * @param loginTimeAttribute the session attribute holding when the password login
	 * happened
	 * @param apiEntryPoint answers API calls of a session that has not passed
	 */
	public SecondFactorGate(SecondFactorService secondFactors, String loginTimeAttribute,
			AuthenticationEntryPoint apiEntryPoint) {
		this.secondFactors = secondFactors;
		if (!LOGIN_TIME.equals(loginTimeAttribute)) {
			throw new IllegalStateException("The login time is kept in " + loginTimeAttribute + ", not " + LOGIN_TIME);
		}
		this.apiEntryPoint = apiEntryPoint;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		HttpSession session = request.getSession(false);
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken || session == null
				|| passKey(session, authentication).equals(session.getAttribute(PASSED))
				|| isPasskeyLogin(authentication)) {
			chain.doFilter(request, response);
			return;
		}
		Requirement requirement = this.secondFactors.requirementAfterPassword(authentication.getName());
		if (requirement == Requirement.NONE) {
			session.setAttribute(PASSED, passKey(session, authentication));
			chain.doFilter(request, response);
			return;
		}
		RequestMatcher open = (requirement == Requirement.VERIFY) ? VERIFY_PAGES : ENROL_PAGES;
		if (open.matches(request)) {
			// The page's header then offers only "Sign out": every other link would lead
			// back here.
			request.setAttribute(PENDING_ATTRIBUTE, Boolean.TRUE);
			chain.doFilter(request, response);
		}
		else if (API.matches(request)) {
			this.apiEntryPoint.commence(request, response,
					new InsufficientAuthenticationException("A second factor is needed"));
		}
		else {
			response.sendRedirect(
					request.getContextPath() + ((requirement == Requirement.VERIFY) ? LOGIN_PAGE : ENROL_PAGE));
		}
	}

	/**
	 * Marks the session's current login as having passed the second step, and gives the
	 * session a new id, as after any change of privilege.
	 */
	static void pass(HttpServletRequest request, Authentication authentication) {
		request.changeSessionId();
		HttpSession session = request.getSession();
		session.setAttribute(PASSED, passKey(session, authentication));
	}

	static boolean hasPassed(HttpServletRequest request, Authentication authentication) {
		HttpSession session = request.getSession(false);
		return isPasskeyLogin(authentication)
				|| (session != null && passKey(session, authentication).equals(session.getAttribute(PASSED)));
	}

	/**
	 * A passkey sign-in (Spring Security's WebAuthn, with user verification required: see
	 * passkey.PasskeyRelyingParty) is both factors at once, whether it was passwordless
	 * or the second step after the password.
	 */
	private static boolean isPasskeyLogin(Authentication authentication) {
		return authentication.getAuthorities()
			.stream()
			.anyMatch((authority) -> FactorGrantedAuthority.WEBAUTHN_AUTHORITY.equals(authority.getAuthority()));
	}

	private static String passKey(HttpSession session, Authentication authentication) {
		return authentication.getName() + "|" + Objects.toString(session.getAttribute(LOGIN_TIME));
	}

	private static RequestMatcher paths(String... patterns) {
		RequestMatcher[] matchers = new RequestMatcher[patterns.length];
		for (int i = 0; i < patterns.length; i++) {
			matchers[i] = PathPatternRequestMatcher.withDefaults().matcher(patterns[i]);
		}
		return new OrRequestMatcher(matchers);
	}

}
