package dev.coffer.server.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An error that an API operation answers as an RFC 9457 problem document, beyond those
 * that every operation of its kind can give (which {@link OpenApiResponses} lists by
 * itself: 400, 401 when signed in, 404 with an id in the path, 413 and 415 with a body).
 * The OpenAPI document lists it as {@code application/problem+json}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Repeatable(ProblemResponse.List.class)
public @interface ProblemResponse {

	/** The HTTP status, 4xx or 5xx. */
	int status();

	/** When it is answered, in the API's words (docs/API.md). */
	String when();

	/** Several of them on one operation. */
	@Documented
	@Retention(RetentionPolicy.RUNTIME)
	@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
	@interface List {

		ProblemResponse[] value();

	}

}
