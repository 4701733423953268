package dev.coffer.server.web;

import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

import dev.coffer.server.GoneException;

/**
 * Turns exceptions from page controllers into the error page: status, a message the user
 * can act on, and for a server error a reference id. Internal details go to the log only.
 */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class WebExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(WebExceptionHandler.class);

	@ExceptionHandler(Exception.class)
	ModelAndView handle(Exception ex, HttpServletResponse response) throws Exception {
		if (ex instanceof AccessDeniedException || ex instanceof AuthenticationException) {
			throw ex; // Spring Security's ExceptionTranslationFilter answers these
		}
		if (response.isCommitted()) {
			throw ex; // too late for an error page; the container aborts the response
		}
		ErrorResponses.retryAfterOf(ex).ifPresent((seconds) -> response.setHeader(HttpHeaders.RETRY_AFTER, seconds));
		if (ex instanceof GoneException gone) {
			return ErrorPage.gone(gone);
		}
		HttpStatusCode status = ErrorResponses.statusOf(ex);
		String reference = null; // only a server error has one to give the administrator
		if (status.is5xxServerError()) {
			reference = ErrorResponses.newReference();
			logger.error("Request failed, reference {}", reference, ex);
		}
		return ErrorPage.of(status, ErrorResponses.detailOf(ex, status), reference);
	}

}
