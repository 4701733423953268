package dev.coffer.server.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Enumeration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.coffer.server.database.DatabaseProbe;

/**
 * Answers 503 Service Unavailable while the database cannot be used (a problem for the
 * API, a plain page for browsers), instead of letting every request fail with a 500 on
 * its first query. It runs before sessions and security, which need the database
 * themselves; health checks and static files pass, always without their cookies, so that
 * no session is loaded for them. A request that fails on the database has the
 * {@link DatabaseProbe} check at once, and is itself answered with 503 if that check
 * fails and nothing of the response is out yet.
 */
class DatabaseUnavailableFilter extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger(DatabaseUnavailableFilter.class);

	static final String DETAIL = "Coffer cannot use its database right now. Nothing has been lost."
			+ " Try again in a minute; if it keeps happening, tell the administrator.";

	/** Seconds: about the interval of the database probe. */
	private static final String RETRY_AFTER = "10";

	private final DatabaseProbe probe;

	private final byte[] page;

	DatabaseUnavailableFilter(DatabaseProbe probe) {
		this.probe = probe;
		try (InputStream in = DatabaseUnavailableFilter.class.getResourceAsStream("/web/database-unavailable.html")) {
			this.page = in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (needsNoDatabase(request)) {
			// A session cookie sent along would have the session loaded from the
			// database.
			chain.doFilter(new CookielessRequest(request), response);
			return;
		}
		if (!this.probe.isUsable()) {
			refuse(request, response);
			return;
		}
		long started = System.nanoTime();
		try {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			if (response.isCommitted() || this.probe.recheck(started)) {
				throw ex;
			}
			logger.warn("Request to {} failed because the database cannot be used: answered 503",
					request.getRequestURI(), ex);
			response.reset();
			refuse(request, response);
			return;
		}
		if (response.getStatus() >= 500) {
			// Mapped to an error response already; still, find out now whether the
			// database is the cause, so that the next requests get a 503.
			this.probe.recheck(started);
		}
	}

	/**
	 * Health checks and static files, answered even while the database is unusable, and
	 * without the request's cookies (so also without its session).
	 */
	static boolean needsNoDatabase(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return path.startsWith("/actuator/health") || path.startsWith("/css/") || path.startsWith("/js/")
				|| path.startsWith("/favicon.");
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
		response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
		response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER);
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Content-Security-Policy",
				"default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'");
		response.setHeader("Referrer-Policy", "no-referrer");
		if (ErrorResponses.wantsProblem(request)) {
			// The one problem shape of the API (type, title, status, detail, instance).
			ErrorResponses.write(request, response, ErrorResponses.problem(HttpStatus.SERVICE_UNAVAILABLE, DETAIL));
			return;
		}
		response.setContentType(MediaType.TEXT_HTML_VALUE + ";charset=UTF-8");
		response.setContentLength(this.page.length);
		if (!"HEAD".equals(request.getMethod())) {
			response.getOutputStream().write(this.page);
		}
	}

	private static final class CookielessRequest extends HttpServletRequestWrapper {

		CookielessRequest(HttpServletRequest request) {
			super(request);
		}

		@Override
		public Cookie[] getCookies() {
			return null;
		}

		@Override
		public String getHeader(String name) {
			return HttpHeaders.COOKIE.equalsIgnoreCase(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return HttpHeaders.COOKIE.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication
	static class Registration {

		@Bean
		FilterRegistrationBean<DatabaseUnavailableFilter> databaseUnavailableFilter(DatabaseProbe probe) {
			FilterRegistrationBean<DatabaseUnavailableFilter> registration = new FilterRegistrationBean<>(
					new DatabaseUnavailableFilter(probe));
			// Before the session filter: loading a session is the first thing that needs
			// the database.
			registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 1);
			return registration;
		}

	}

}
