package dev.coffer.server.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Decodes the query string of a GET or HEAD request before anything else reads it, and
 * answers 400 if it is not valid UTF-8. Otherwise the first code to read a parameter
 * meets the error wherever it is: a controller's is the client's 400, but a page template
 * that reads one while it renders (the sign-in page's {@code page-expired}) failed as a
 * 500 that Tomcat logged as an error — for anyone, signed in or not. Other requests are
 * left alone: reading their parameters would read a form or multipart body here, which
 * their handlers stream.
 */
class QueryStringCheck extends OncePerRequestFilter {

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String method = request.getMethod();
		return request.getQueryString() == null || !("GET".equals(method) || "HEAD".equals(method));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			request.getParameterMap();
		}
		catch (InvalidParameterException ex) {
			// The error page says why (ErrorEndpoint, from this exception).
			request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, ex);
			response.sendError(HttpServletResponse.SC_BAD_REQUEST);
			return;
		}
		chain.doFilter(request, response);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication
	static class Registration {

		@Bean
		FilterRegistrationBean<QueryStringCheck> queryStringCheck() {
			FilterRegistrationBean<QueryStringCheck> registration = new FilterRegistrationBean<>(
					new QueryStringCheck());
			// Before the session filter and everything after it.
			registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 2);
			return registration;
		}

	}

}
