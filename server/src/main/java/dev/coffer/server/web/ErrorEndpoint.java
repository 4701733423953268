package dev.coffer.server.web;

import java.net.URI;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Replaces Spring Boot's whitelabel error handling for everything that fails outside a
 * controller: unknown URLs, container errors, exceptions in filters. API paths and JSON
 * clients get a problem document, browsers the error page; neither ever sees an exception
 * or message.
 */
@Controller
class ErrorEndpoint implements ErrorController {

	private static final Logger logger = LoggerFactory.getLogger(ErrorEndpoint.class);

	@RequestMapping(path = "${server.error.path:/error}", produces = MediaType.TEXT_HTML_VALUE)
	ModelAndView page(HttpServletRequest request) {
		Failure failure = Failure.of(request);
		return ErrorPage.of(failure.status(), failure.detail(), failure.reference());
	}

	@RequestMapping(path = "${server.error.path:/error}")
	ResponseEntity<ProblemDetail> problem(HttpServletRequest request) {
		Failure failure = Failure.of(request);
		ProblemDetail problem = ErrorResponses.problem(failure.status(), failure.detail());
		try {
			problem.setInstance((failure.path() != null) ? URI.create(failure.path()) : null);
		}
		catch (IllegalArgumentException ex) {
			// A path the container let through but that is no valid URI: leave it out.
		}
		if (failure.reference() != null) {
			problem.setProperty("reference", failure.reference());
		}
		return ResponseEntity.status(failure.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	/**
	 * What failed, from the attributes the container sets when it forwards here. A
	 * request for {@code /error} itself has none: there is nothing at that address (404).
	 * An exception decides the status as in a controller (a parameter that is not UTF-8
	 * is the client's 400 even when a filter read it first); only a 5xx is logged, with a
	 * reference the user sees.
	 */
	private record Failure(HttpStatusCode status, String detail, String reference, String path) {

		static Failure of(HttpServletRequest request) {
			Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
			Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
			String path = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
			if (!(code instanceof Integer value) || value < 400 || value > 599) {
				HttpStatusCode status = (code == null) ? HttpStatus.NOT_FOUND : HttpStatus.INTERNAL_SERVER_ERROR;
				return create(status, null, (path != null) ? path : request.getRequestURI());
			}
			HttpStatusCode status = HttpStatusCode.valueOf(value);
			if (exception instanceof Throwable throwable && ErrorResponses.statusOf(throwable).is4xxClientError()) {
				status = ErrorResponses.statusOf(throwable);
				return new Failure(status, ErrorResponses.detailOf(throwable, status), null, path);
			}
			return create(status, (exception instanceof Throwable throwable) ? throwable : null, path);
		}

		private static Failure create(HttpStatusCode status, Throwable exception, String path) {
			if (!status.is5xxServerError()) {
				return new Failure(status, ErrorResponses.genericDetail(status), null, path);
			}
			String reference = ErrorResponses.newReference();
			if (exception != null) {
				logger.error("Request to {} failed, reference {}", path, reference, exception);
			}
			else {
				logger.error("Request to {} failed with status {}, reference {}", path, status.value(), reference);
			}
			return new Failure(status, ErrorResponses.genericDetail(status), reference, path);
		}

	}

}
