package dev.coffer.server.web;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;

/**
 * Adds to each operation of the OpenAPI document the errors it can answer, each an
 * {@code application/problem+json} {@value #PROBLEM} document: those that every operation
 * of its kind gives (400 for any malformed request; 401 without valid credentials; 404
 * for an id in the path that is not there or not the caller's; 413 and 415 for a body too
 * large or of the wrong type), and those its method declares with
 * {@link ProblemResponse}. A response the method documents itself ({@code @ApiResponse},
 * such as the OAuth errors of device sign-in) is left as it is.
 */
class OpenApiResponses implements OperationCustomizer {

	/** The name of the problem document's schema in the document's components. */
	static final String PROBLEM = "Problem";

	@Override
	public Operation customize(Operation operation, HandlerMethod handler) {
		ApiResponses responses = operation.getResponses();
		responses.computeIfAbsent("400",
				(code) -> problem("The request is malformed: a parameter, a header, a name or the body is not "
						+ "valid (field names it when one field is to blame)"));
		if (operation.getSecurity() == null || !operation.getSecurity().isEmpty()) {
			responses.computeIfAbsent("401",
					(code) -> problem(
							"No valid credentials: the API token is missing, mistyped, expired or revoked (with "
									+ "WWW-Authenticate: Bearer)"));
		}
		if (hasPathVariable(operation)) {
			responses.computeIfAbsent("404",
					(code) -> problem("There is no such item, or it is not yours to see: both are answered alike"));
		}
		if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
			Set<String> types = operation.getRequestBody().getContent().keySet();
			boolean json = types.contains(MediaType.APPLICATION_JSON_VALUE);
			responses.computeIfAbsent("413",
					(code) -> problem(json ? "The JSON body is larger than 1 MiB"
							: "The body is larger than the maximum upload size or what is left of your quota; "
									+ "nothing is stored"));
			responses.computeIfAbsent("415", (code) -> problem(unsupported(types)));
		}
		for (ProblemResponse declared : AnnotatedElementUtils.findMergedRepeatableAnnotations(handler.getMethod(),
				ProblemResponse.class)) {
			responses.put(Integer.toString(declared.status()), problem(declared.when()));
		}
		if (answersHeadOnly(handler)) {
			// An answer to HEAD has no body, errors included: only the status is true.
			responses.values().forEach((response) -> response.setContent(null));
		}
		return operation;
	}

	/** The schema of {@link #PROBLEM}, as {@link ErrorResponses} writes it. */
	static Schema<?> problemSchema() {
		return new ObjectSchema().description("An RFC 9457 problem document. Other members may be added later.")
			.addProperty("type",
					new StringSchema().description("Always about:blank: the status says what happened")
						.example("about:blank"))
			.addProperty("title", new StringSchema().description("The status's reason phrase").example("Not Found"))
			.addProperty("status", new IntegerSchema().description("The HTTP status").example(404))
			.addProperty("detail", new StringSchema().description("What went wrong, written for people"))
			.addProperty("instance", new StringSchema().description("The path that was asked for"))
			.addProperty("field",
					new StringSchema().description("For a 400 caused by one field or parameter: its name"))
			.addProperty("etag",
					new StringSchema().description("For a 412: the ETag of the file as it is now, if there is one"))
			.addProperty("reference",
					new StringSchema().description("For a 5xx: the id under which the server logged the cause"))
			.required(List.of("type", "title", "status", "detail", "instance"));
	}

	private static ApiResponse problem(String description) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType(MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					new io.swagger.v3.oas.models.media.MediaType()
						.schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
	}

	private static String unsupported(Set<String> types) {
		if (types.contains(MediaType.APPLICATION_OCTET_STREAM_VALUE)) {
			// A raw upload takes any type but a form, which it would store as its
			// content.
			return "The body is a form (multipart/*, application/x-www-form-urlencoded) rather than the content";
		}
		return "The body is not " + String.join(" or ", types);
	}

	private static boolean answersHeadOnly(HandlerMethod handler) {
		RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
		return mapping != null && List.of(mapping.method()).equals(List.of(RequestMethod.HEAD));
	}

	private static boolean hasPathVariable(Operation operation) {
		Collection<Parameter> parameters = (operation.getParameters() != null) ? operation.getParameters() : List.of();
		return parameters.stream().anyMatch((parameter) -> "path".equals(parameter.getIn()));
	}

}
