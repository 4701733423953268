package dev.coffer.server.files;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import dev.coffer.server.web.ProblemResponse;

/**
 * The answers of a download that {@link ContentDownload} sends, for the OpenAPI document:
 * the content (always {@code application/octet-stream}, whatever the file is), a part of
 * it for a {@code Range}, 304 for an {@code If-None-Match} that names its ETag, 416 for a
 * range past its end.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@ApiResponse(responseCode = "200",
		description = "The content, as an attachment (Content-Disposition with the file's name), whatever its type",
		headers = @Header(name = "ETag", description = "The SHA-256 of the content, quoted (a strong ETag)"),
		content = @Content(mediaType = "application/octet-stream",
				schema = @Schema(type = "string", format = "binary")))
@ApiResponse(responseCode = "206", description = "The part that a single Range asked for (Content-Range)",
		content = @Content(mediaType = "application/octet-stream",
				schema = @Schema(type = "string", format = "binary")))
@ApiResponse(responseCode = "304", description = "Not modified: If-None-Match names the content's ETag")
@ProblemResponse(status = 416, when = "The Range starts past the end of the content")
@interface DownloadResponses {

}
