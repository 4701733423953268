package dev.coffer.server.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * A static file that is not there ({@code /css/missing.css}) is a bare 404, not the error
 * page. Static files are served without the request's cookies
 * ({@link DatabaseUnavailableFilter}), so without its session: the error page's CSRF
 * token would start a new, empty session, and its cookie would replace the user's and
 * sign them out. Any other path nothing answers still gets the error page.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class MissingResourceHandler {

	@ExceptionHandler(NoResourceFoundException.class)
	ResponseEntity<String> notFound(NoResourceFoundException ex, HttpServletRequest request)
			throws NoResourceFoundException {
		if (!DatabaseUnavailableFilter.needsNoDatabase(request)) {
			throw ex; // a page: the container's error page, with the session
		}
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.contentType(MediaType.TEXT_PLAIN)
			.body("There is no such file.\n");
	}

}
