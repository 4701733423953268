package dev.coffer.server.web;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.UnsatisfiedServletRequestParameterException;

import dev.coffer.server.ConflictException;
import dev.coffer.server.DomainException;
import dev.coffer.server.GoneException;
import dev.coffer.server.InsufficientStorageException;
import dev.coffer.server.InvalidInputException;
import dev.coffer.server.NotFoundException;
import dev.coffer.server.OperationNotAllowedException;
import dev.coffer.server.PayloadTooLargeException;
import dev.coffer.server.PreconditionFailedException;
import dev.coffer.server.UnsupportedContentTypeException;
import dev.coffer.server.RetryLaterException;

/**
 * The one place where failures become HTTP statuses, for the API and the web pages alike.
 * Only domain exceptions carry a message meant for the user; everything else gets a
 * generic text and a reference id that is logged with the full exception.
 */
public final class ErrorResponses {

	private static final URI ABOUT_BLANK = URI.create("about:blank");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ErrorResponses() {
	}

	/**
	 * The RFC 9457 problem for an exception: its status, that status's title, the detail
	 * of {@link #detailOf} and, for invalid input, the {@code field}; for a failed
	 * precondition, the {@code etag} of what is there now.
	 */
	public static ProblemDetail problemOf(Throwable ex) {
		HttpStatusCode status = statusOf(ex);
		ProblemDetail problem = problem(status, detailOf(ex, status));
		if (decisive(ex) instanceof InvalidInputException invalid && invalid.field() != null) {
			problem.setProperty("field", invalid.field());
		}
		if (ex instanceof PreconditionFailedException failed && failed.currentETag() != null) {
			problem.setProperty("etag", failed.currentETag());
		}
		return problem;
	}

	/**
	 * A problem in the one shape the API documents (docs/API.md): {@code type} (always
	 * {@code about:blank}: the status says what happened), {@code title}, {@code status},
	 * {@code detail}; {@code instance} is added when it is sent.
	 */
	public static ProblemDetail problem(HttpStatusCode status, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(ABOUT_BLANK);
		problem.setTitle(title(status));
		return problem;
	}

	/**
	 * Whether a client error outside Spring MVC (a filter, the container) should be
	 * answered as a problem document rather than a page: anything under {@code /api/},
	 * and clients that accept JSON but not HTML.
	 */
	public static boolean wantsProblem(HttpServletRequest request) {
		String path = request.getRequestURI();
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		return (path != null && path.startsWith(request.getContextPath() + "/api/"))
				|| (accept != null && accept.contains("json") && !accept.contains(MediaType.TEXT_HTML_VALUE));
	}

	/**
	 * Writes {@code problem} as the whole response, for code that runs outside Spring MVC
	 * (filters, entry points, the container's error report), in the same shape as the
	 * API's: {@code instance} is the request's path unless the problem has one.
	 */
	public static void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
			throws IOException {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", ABOUT_BLANK.toString());
		body.put("title", problem.getTitle());
		body.put("status", problem.getStatus());
		body.put("detail", problem.getDetail());
		body.put("instance",
				(problem.getInstance() != null) ? problem.getInstance().toString() : request.getRequestURI());
		if (problem.getProperties() != null) {
			body.putAll(problem.getProperties());
		}
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getOutputStream().write(JSON.writeValueAsBytes(body));
	}

	/**
	 * The {@code Retry-After} for an exception that waiting ends: a throttle (429) or a
	 * clash that passes by itself (409).
	 */
	public static Optional<String> retryAfterOf(Throwable ex) {
		if (ex instanceof RetryLaterException throttled) {
			return Optional.of(throttled.retryAfterHeader());
		}
		if (ex instanceof ConflictException conflict) {
			return conflict.retryAfterHeader();
		}
		return Optional.empty();
	}

	/**
	 * The exception that decides the answer: a domain error that a body's reader wrapped
	 * (a JSON body that passed its size limit while Jackson read it is a 413, not
	 * unreadable JSON; one refused for a field's value is invalid input naming the
	 * field), else the exception itself.
	 */
	private static Throwable decisive(Throwable ex) {
		if (ex instanceof HttpMessageNotReadableException unreadable) {
			for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
				if (cause instanceof DomainException) {
					return cause;
				}
			}
			return StrictJsonInput.invalidField(unreadable).<Throwable>map((invalid) -> invalid).orElse(ex);
		}
		return ex;
	}

	/**
	 * The status for any exception: domain errors by type, Spring's own by their status.
	 */
	public static HttpStatusCode statusOf(Throwable thrown) {
		Throwable ex = decisive(thrown);
		if (ex instanceof InvalidInputException) {
			return HttpStatus.BAD_REQUEST;
		}
		if (ex instanceof NotFoundException) {
			return HttpStatus.NOT_FOUND;
		}
		if (ex instanceof ConflictException) {
			return HttpStatus.CONFLICT;
		}
		if (ex instanceof GoneException) {
			return HttpStatus.GONE;
		}
		if (ex instanceof OperationNotAllowedException) {
			return HttpStatus.FORBIDDEN;
		}
		if (ex instanceof PreconditionFailedException) {
			return HttpStatus.PRECONDITION_FAILED;
		}
		if (ex instanceof PayloadTooLargeException) {
			return HttpStatus.PAYLOAD_TOO_LARGE;
		}
		if (ex instanceof UnsupportedContentTypeException) {
			return HttpStatus.UNSUPPORTED_MEDIA_TYPE;
		}
		if (ex instanceof RetryLaterException) {
			return HttpStatus.TOO_MANY_REQUESTS;
		}
		if (ex instanceof InsufficientStorageException) {
			return HttpStatus.INSUFFICIENT_STORAGE;
		}
		if (ex instanceof ErrorResponse response) {
			return response.getStatusCode();
		}
		if (ex instanceof HttpMessageNotReadableException || ex instanceof TypeMismatchException) {
			return HttpStatus.BAD_REQUEST;
		}
		if (ex instanceof InvalidParameterException invalid) {
			// Tomcat could not decode the query string or form (not UTF-8, too many
			// parameters): the client's fault, whichever code reads a parameter first.
			int code = invalid.getErrorCode();
			return HttpStatusCode.valueOf((code >= 400 && code < 500) ? code : 400);
		}
		if (ex instanceof DataAccessResourceFailureException || ex instanceof CannotCreateTransactionException) {
			return HttpStatus.SERVICE_UNAVAILABLE; // the database is down or closed
		}
		return HttpStatus.INTERNAL_SERVER_ERROR;
	}

	/**
	 * What the user may read about {@code ex}: its own words for domain errors, else
	 * generic.
	 */
	public static String detailOf(Throwable thrown, HttpStatusCode status) {
		Throwable ex = decisive(thrown);
		if (ex instanceof DomainException) {
			return ex.getMessage();
		}
		if (ex instanceof HttpMessageNotReadableException) {
			return "The request body could not be read. Send valid JSON.";
		}
		if (ex instanceof HttpMediaTypeNotSupportedException unsupported
				&& !unsupported.getSupportedMediaTypes().isEmpty()) {
			return "This content type is not accepted here. Send "
					+ unsupported.getSupportedMediaTypes().getFirst().toString() + ".";
		}
		if (ex instanceof InvalidParameterException && status.value() == 400) {
			return "The address or the form could not be read: parameters must be valid UTF-8 text.";
		}
		if (ex instanceof TypeMismatchException mismatch && mismatch.getPropertyName() != null) {
			return "The value of \"" + mismatch.getPropertyName() + "\" is not valid here.";
		}
		if (ex instanceof MissingServletRequestParameterException missing) {
			return "The address needs the query parameter \"" + missing.getParameterName() + "\".";
		}
		if (ex instanceof UnsatisfiedServletRequestParameterException unsatisfied) {
			// PUT /api/v1/files without ?name=: no method takes it, so the request names
			// the
			// parameter only as the mapping's condition, e.g. "name".
			List<String> names = Arrays.stream(unsatisfied.getParamConditions())
				.filter((condition) -> condition.matches("[A-Za-z][A-Za-z0-9_-]*"))
				.toList();
			if (!names.isEmpty()) {
				return "The address needs the query parameter "
						+ names.stream().map((name) -> "\"" + name + "\"").collect(Collectors.joining(" and ")) + ".";
			}
		}
		if (ex instanceof MissingRequestHeaderException header) {
			return "The request needs the header \"" + header.getHeaderName() + "\".";
		}
		return genericDetail(status);
	}

	static String genericDetail(HttpStatusCode status) {
		return switch (status.value()) {
			case 400 -> "The request was not understood. Check what you sent and try again.";
			case 401 -> "Sign in to continue.";
			case 403 -> "This action is not allowed.";
			case 404 -> "There is nothing here. The link may be wrong, or the item was removed.";
			case 405 -> "This address does not accept that kind of request.";
			case 410 -> "This is no longer available.";
			case 413 -> "The request is too large.";
			case 415 -> "This content type is not accepted here.";
			case 429 -> "Too many attempts. Wait a moment and try again.";
			case 503 -> DatabaseUnavailableFilter.DETAIL;
			default -> status.is5xxServerError()
					? "Something went wrong on our side. If it keeps happening, give the administrator the reference below."
					: "The request could not be completed.";
		};
	}

	static String title(HttpStatusCode status) {
		HttpStatus known = HttpStatus.resolve(status.value());
		return (known != null) ? known.getReasonPhrase() : "Error";
	}

	/** A short random id that ties what the user sees to the server log. */
	static String newReference() {
		return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
	}

}
