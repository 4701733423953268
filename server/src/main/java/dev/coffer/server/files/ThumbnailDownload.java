package dev.coffer.server.files;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

import dev.coffer.server.NotFoundException;

/**
 * Sends the thumbnail of a file's version, for the web pages and the API alike: one
 * access check (the download's, {@link FileService#readable}), then the thumbnail with
 * the server's own Content-Type, {@code nosniff} and {@code CSP: sandbox}, as previews
 * are sent. A version never changes, so its thumbnail may be cached privately: for a
 * while when the version is named in the request, revalidated with its ETag when the
 * request asks for the current one. Not audited: listings show many at once, and each
 * shows less than the preview on the file's page, which is audited.
 */
@Component
class ThumbnailDownload {

	/** A year: the URL names a version, which never changes. */
	private static final String CACHE_VERSION = "private, max-age=31536000, immutable";

	private static final String CACHE_CURRENT = "private, no-cache";

	private final FileService files;

	private final VersionThumbnails thumbnails;

	ThumbnailDownload(FileService files, VersionThumbnails thumbnails) {
		this.files = files;
		this.thumbnails = thumbnails;
	}

	/**
	 * @param number the version, or null for the current one
	 * @throws NotFoundException if the user may not see the file, or the version has no
	 * thumbnail
	 */
	void send(String userId, String fileId, Integer number, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		FileVersion version = this.files.readable(userId, fileId, number).version();
		String etag = "\"thumbnail-" + version.id() + "\"";
		String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
		if (ifNoneMatch != null && ifNoneMatch.contains(etag)) {
			// Only a thumbnail that was sent has this ETag, and it never changes.
			setHeaders(response, etag, number);
			response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
			return;
		}
		ThumbnailImage image = this.thumbnails.find(version)
			.orElseThrow(() -> new NotFoundException("This file has no thumbnail."));
		setHeaders(response, etag, number);
		response.setContentType(image.contentType());
		response.setContentLength(image.bytes().length);
		if (!"HEAD".equals(request.getMethod())) {
			response.getOutputStream().write(image.bytes());
		}
	}

	private static void setHeaders(HttpServletResponse response, String etag, Integer number) {
		response.setHeader(HttpHeaders.ETAG, etag);
		response.setHeader(HttpHeaders.CACHE_CONTROL, (number != null) ? CACHE_VERSION : CACHE_CURRENT);
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Content-Security-Policy", ContentDownload.CONTENT_SECURITY_POLICY);
	}

}
