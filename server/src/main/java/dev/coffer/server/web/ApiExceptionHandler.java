package dev.coffer.server.web;

import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns exceptions from REST controllers into RFC 9457 {@code application/problem+json}.
 * The {@code detail} is the domain message or a generic text; 5xx problems carry a
 * {@code reference} that is logged with the stack trace, which itself never leaves the
 * server.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.LOWEST_PRECEDENCE - 1)
class ApiExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> handle(Exception ex, HttpServletResponse response) throws Exception {
		if (ex instanceof AccessDeniedException || ex instanceof AuthenticationException) {
			throw ex;
		}
		if (response.isCommitted()) {
			// Part of a body is out (a download failed midway): nothing may be appended.
			// Let the
			// container abort the connection so the client sees an incomplete response.
			throw ex;
		}
		ErrorResponses.retryAfterOf(ex).ifPresent((seconds) -> response.setHeader(HttpHeaders.RETRY_AFTER, seconds));
		ProblemDetail problem = ErrorResponses.problemOf(ex);
		HttpStatusCode status = HttpStatusCode.valueOf(problem.getStatus());
		if (status.is5xxServerError()) {
			String reference = ErrorResponses.newReference();
			problem.setProperty("reference", reference);
			logger.error("API request failed, reference {}", reference, ex);
		}
		HttpHeaders headers = new HttpHeaders();
		if (ex instanceof ErrorResponse spring) {
			headers.addAll(spring.getHeaders()); // Allow with a 405, as Spring MVC sends
													// it
		}
		return ResponseEntity.status(status)
			.headers(headers)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

}
