package dev.coffer.server.audit;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.coffer.server.SecurityEvent;
import dev.coffer.server.SecurityEvent.Outcome;

/**
 * Records every 404 on a file id ({@code /files/{id}…}, {@code /api/v1/files/{id}…}). The
 * client cannot tell "no such file" from "someone else's file" (no existence oracle); the
 * log can: {@code access.denied} if the file exists, {@code file.not_found} if not. Both
 * count towards the enumeration signal of {@link IntrusionSignals}. Runs inside Spring
 * Security's filters, so the caller is known.
 */
@Component
@ConditionalOnWebApplication
class NotFoundRecorder extends OncePerRequestFilter {

	static final String FILE_NOT_FOUND = "file.not_found";

	private static final Pattern FILE_ID = Pattern.compile("^/(?:api/v1/)?files/([^/]{1,100})(?:/.*)?$");

	private final ApplicationEventPublisher events;

	private final JdbcClient jdbc;

	NotFoundRecorder(ApplicationEventPublisher events, JdbcClient jdbc) {
		this.events = events;
		this.jdbc = jdbc;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		finally {
			if (response.getStatus() == HttpServletResponse.SC_NOT_FOUND) {
				Matcher matcher = FILE_ID.matcher(request.getRequestURI());
				Authentication caller = SecurityContextHolder.getContext().getAuthentication();
				if (matcher.matches() && !"names".equals(matcher.group(1)) && !"content".equals(matcher.group(1))
						&& caller != null && caller.isAuthenticated()) {
					record(matcher.group(1), caller.getName());
				}
			}
		}
	}

	private void record(String fileId, String caller) {
		boolean exists = this.jdbc.sql("select count(*) from files where id = ?")
			.param(fileId)
			.query(Long.class)
			.single() > 0;
		this.events.publishEvent(new SecurityEvent(exists ? "access.denied" : FILE_NOT_FOUND, caller, null,
				"file:" + fileId, exists ? Outcome.DENIED : Outcome.FAILURE, null));
	}

}
