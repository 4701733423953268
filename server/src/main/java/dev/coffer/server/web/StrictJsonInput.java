package dev.coffer.server.web;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageNotReadableException;

import dev.coffer.server.InvalidInputException;

/**
 * JSON request bodies are read as written: a number where text is expected, text where a
 * number or {@code true}/{@code false} is expected, a fraction where a whole number is
 * expected ({@code 1.5} days was read as 1) and a field sent twice (the last one won
 * silently) are refused with a 400 that names the field, rather than guessed at. Unknown
 * fields stay ignored (docs/API.md says why).
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonInput {

	@Bean
	JsonMapperBuilderCustomizer strictJsonReading() {
		return (builder) -> builder.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			// "3" for a number, "true" or 1 for a boolean, "" for a number
			.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.withCoercionConfig(LogicalType.Textual,
					(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
	}

	/**
	 * The 400 for a body that Jackson refused because of one field, naming it; empty for
	 * a body that is not JSON at all or is refused as a whole.
	 */
	static Optional<InvalidInputException> invalidField(HttpMessageNotReadableException ex) {
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof JacksonException jackson) {
				return fieldOf(jackson).map((field) -> new InvalidInputException(field, messageFor(jackson, field)));
			}
		}
		return Optional.empty();
	}

	private static Optional<String> fieldOf(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append((path.isEmpty()) ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		if (path.isEmpty() && ex instanceof StreamReadException read && read.processor() instanceof JsonParser parser) {
			// A duplicate is found by the parser, before any field is bound: its context
			// holds the name it just read.
			String name = parser.streamReadContext().currentName();
			return Optional.ofNullable(name);
		}
		return path.isEmpty() ? Optional.empty() : Optional.of(path.toString());
	}

	private static String messageFor(JacksonException ex, String field) {
		String quoted = "\"" + field + "\"";
		if (ex instanceof StreamReadException && ex.getOriginalMessage().startsWith("Duplicate ")) {
			return quoted + " is in the request body more than once. Send each field once.";
		}
		if (ex instanceof InputCoercionException) {
			return quoted + " is out of range.";
		}
		Class<?> type = (ex instanceof MismatchedInputException mismatch) ? mismatch.getTargetType() : null;
		if (type == null) {
			return "The value of " + quoted + " is not valid here.";
		}
		if (List.of(int.class, long.class, short.class, Integer.class, Long.class, Short.class).contains(type)) {
			return quoted + " must be a whole number, written as a JSON number (3, not \"3\" or 3.5).";
		}
		if (type == boolean.class || type == Boolean.class) {
			return quoted + " must be true or false, without quotes.";
		}
		if (type == String.class) {
			return quoted + " must be text, in quotes.";
		}
		if (Collection.class.isAssignableFrom(type) || type.isArray()) {
			return quoted + " must be a list: [...].";
		}
		return "The value of " + quoted + " is not valid here.";
	}

}
