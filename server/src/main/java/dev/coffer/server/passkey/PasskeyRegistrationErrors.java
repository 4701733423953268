package dev.coffer.server.passkey;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.coffer.server.DomainException;
import dev.coffer.server.web.ErrorResponses;

/**
 * Answers a refused passkey registration ({@code POST /webauthn/register}) with its
 * status and an RFC 9457 problem saying why. Spring Security's registration filter lets
 * every exception through, which would make a bad name or an unverifiable answer a 500.
 * Must run just before that filter.
 */
public class PasskeyRegistrationErrors extends OncePerRequestFilter {

	private static final RequestMatcher REGISTER = PathPatternRequestMatcher.withDefaults()
		.matcher(HttpMethod.POST, "/webauthn/register");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !REGISTER.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (DomainException ex) {
			if (response.isCommitted()) {
				throw ex;
			}
			// The problem the API answers for the same exception, written out here as
			// JSON: this filter runs before any controller advice could.
			ProblemDetail problem = ErrorResponses.problemOf(ex);
			Map<String, Object> body = new LinkedHashMap<>();
			if (problem.getType() != null) { // absent means "about:blank", as in the API
				body.put("type", problem.getType().toString());
			}
			body.put("title", problem.getTitle());
			body.put("status", problem.getStatus());
			body.put("detail", problem.getDetail());
			if (problem.getProperties() != null) {
				body.putAll(problem.getProperties());
			}
			response.resetBuffer();
			response.setStatus(problem.getStatus());
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.getOutputStream().write(JSON.writeValueAsBytes(body));
		}
	}

}
