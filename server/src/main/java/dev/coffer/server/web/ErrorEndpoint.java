package dev.coffer.server.web;

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
		HttpStatusCode status = status(request);
		return ErrorPage.of(status, ErrorResponses.genericDetail(status), reference(request, status));
	}

	@RequestMapping(path = "${server.error.path:/error}")
	ResponseEntity<ProblemDetail> problem(HttpServletRequest request) {
		HttpStatusCode status = status(request);
		ProblemDetail problem = ApiExceptionHandler.problem(status, ErrorResponses.genericDetail(status));
		String reference = reference(request, status);
		if (reference != null) {
			problem.setProperty("reference", reference);
		}
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	private static HttpStatusCode status(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		if (code instanceof Integer value && value >= 400 && value <= 599) {
			return HttpStatusCode.valueOf(value);
		}
		return HttpStatus.INTERNAL_SERVER_ERROR;
	}

	private static String reference(HttpServletRequest request, HttpStatusCode status) {
		if (!status.is5xxServerError()) {
			return null;
		}
		String reference = ErrorResponses.newReference();
		Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
		if (exception instanceof Throwable throwable) {
			logger.error("Request to {} failed, reference {}",
					request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), reference, throwable);
		}
		else {
			logger.error("Request to {} failed with status {}, reference {}",
					request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), status.value(), reference);
		}
		return reference;
	}

}
