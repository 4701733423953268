package dev.coffer.server.passkey;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
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
			// The problem the API answers for the same exception: this filter runs before
			// any controller advice could.
			response.resetBuffer();
			ErrorResponses.write(request, response, ErrorResponses.problemOf(ex));
		}
	}

}
