package dev.coffer.server.security;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.coffer.server.CofferProperties;
import dev.coffer.server.RetryLaterException;
import dev.coffer.server.SecurityEvent;
import dev.coffer.server.web.ErrorResponses;

/**
 * Throttles the sign-in form ({@code POST /login}) before Spring Security checks the
 * password, so that a locked name or address costs no Argon2 hash.
 * <p>
 * Every attempt is counted per attempted username (existing or not: the answers for both
 * are the same, so a lock reveals nothing) and per client network, and refused with 429
 * and {@code Retry-After} while either is locked. Failed attempts stay counted and, from
 * the configured failure on, their answer is delayed ({@link #failed}); a successful one
 * resets the username's count, not the address's (one valid account must not wipe the
 * count of a password-spraying address), and tells the owner how many attempts failed
 * since the last sign-in ({@link #succeeded}).
 */
class LoginThrottleFilter extends OncePerRequestFilter {

	/** Request attribute: the {@link RetryLaterException} of a refused sign-in. */
	static final String REFUSED = "dev.coffer.server.login.refused";

	/** Session attribute: "N failed attempts since your last login", shown once. */
	static final String NOTICE = "dev.coffer.server.login.notice";

	/** The page that renders a refusal for browsers, reached by forward only. */
	static final String REFUSED_PAGE = "/login/throttled";

	private static final String ATTEMPT = LoginThrottleFilter.class.getName() + ".attempt";

	private final SignInThrottle throttle;

	private final SignInAccounts accounts;

	private final ApplicationEventPublisher events;

	private final CofferProperties.Throttle.Login settings;

	LoginThrottleFilter(SignInThrottle throttle, SignInAccounts accounts, ApplicationEventPublisher events,
			CofferProperties.Throttle.Login settings) {
		this.throttle = throttle;
		this.accounts = accounts;
		this.events = events;
		this.settings = settings;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !HttpMethod.POST.matches(request.getMethod()) || !"/login".equals(request.getServletPath());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String username = username(request);
		SignInThrottle.Attempt attempt;
		try {
			attempt = this.throttle.begin(username, request.getRemoteAddr());
		}
		catch (RetryLaterException ex) {
			this.accounts.recordFailedLogin(username);
			this.events.publishEvent(new SecurityEvent("login.locked", username, request.getRemoteAddr(), null,
					SecurityEvent.Outcome.DENIED, "sign-in refused for " + ex.retryAfterHeader() + " s"));
			refuse(request, response, ex);
			return;
		}
		request.setAttribute(ATTEMPT, new LoginAttempt(attempt, username));
		chain.doFilter(request, response);
	}

	/**
	 * The password was wrong (or the account unusable): the attempt stays counted, the
	 * owner will be told, and from the configured failure on the answer waits, doubling
	 * each time. Sleeping parks only this request's virtual thread.
	 */
	void failed(HttpServletRequest request) {
		if (!(request.getAttribute(ATTEMPT) instanceof LoginAttempt login)) {
			return;
		}
		this.accounts.recordFailedLogin(login.username());
		int failures = login.attempt().failures();
		if (failures < this.settings.delayAfter()) {
			return;
		}
		try {
			Thread.sleep(delay(failures));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	Duration delay(int failures) {
		int doublings = Math.min(failures - this.settings.delayAfter(), 30);
		Duration delay = this.settings.delay().multipliedBy(1L << doublings);
		return (delay.compareTo(this.settings.maxDelay()) > 0) ? this.settings.maxDelay() : delay;
	}

	/** Signed in: the name's failures are forgiven; the owner hears about them once. */
	void succeeded(HttpServletRequest request, String username) {
		if (request.getAttribute(ATTEMPT) instanceof LoginAttempt login) {
			login.attempt().succeeded();
		}
		int failed = this.accounts.recordLogin(username);
		if (failed > 0) {
			request.getSession()
				.setAttribute(NOTICE, (failed == 1) ? "1 failed attempt since your last login."
						: failed + " failed attempts since your last login.");
		}
	}

	private static String username(HttpServletRequest request) {
		String username = request.getParameter("username");
		return (username != null) ? username.strip().toLowerCase(Locale.ROOT) : "";
	}

	/**
	 * 429 with {@code Retry-After}: a problem document for API clients, else the sign-in
	 * page with the message.
	 */
	private static void refuse(HttpServletRequest request, HttpServletResponse response, RetryLaterException ex)
			throws ServletException, IOException {
		response.setStatus(429);
		response.setHeader(HttpHeaders.RETRY_AFTER, ex.retryAfterHeader());
		if (ErrorResponses.wantsProblem(request)) {
			ErrorResponses.write(request, response, ErrorResponses.problemOf(ex));
			return;
		}
		request.setAttribute(REFUSED, ex);
		request.getRequestDispatcher(REFUSED_PAGE).forward(request, response);
	}

	private record LoginAttempt(SignInThrottle.Attempt attempt, String username) {
	}

}
