package dev.coffer.server.files;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

import dev.coffer.crypto.BlobIntegrityException;
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

	private static final Logger logger = LoggerFactory.getLogger(ThumbnailDownload.class);

	/** A year: the URL names a version, which never changes. */
	private static final String CACHE_VERSION = "private, max-age=31536000, immutable";

	private static final String CACHE_CURRENT = "private, no-cache";

	private final FileService files;

	private final VersionThumbnails thumbnails;

	private final ApplicationEventPublisher events;

	ThumbnailDownload(FileService files, VersionThumbnails thumbnails, ApplicationEventPublisher events) {
		this.files = files;
		this.thumbnails = thumbnails;
		this.events = events;
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
		ThumbnailImage image = find(version).orElseThrow(() -> new NotFoundException("This file has no thumbnail."));
		setHeaders(response, etag, number);
		response.setContentType(image.contentType());
		response.setContentLength(image.bytes().length);
		if (!"HEAD".equals(request.getMethod())) {
			response.getOutputStream().write(image.bytes());
		}
	}

	/**
	 * The version's thumbnail; content or a thumbnail that fails authentication is
	 * recorded in the audit log, as a download's is, and nothing is sent.
	 */
	private Optional<ThumbnailImage> find(FileVersion version) throws IOException {
		try {
			return this.thumbnails.find(version);
		}
		catch (BlobIntegrityException ex) {
			logger.warn("Integrity failure while making or reading the thumbnail of version {} of file {}",
					version.number(), version.fileId());
			this.events.publishEvent(new BlobIntegrityFailure(version.fileId(), version.number(), version.blobId()));
			throw ex;
		}
	}

	private static void setHeaders(HttpServletResponse response, String etag, Integer number) {
		response.setHeader(HttpHeaders.ETAG, etag);
		response.setHeader(HttpHeaders.CACHE_CONTROL, (number != null) ? CACHE_VERSION : CACHE_CURRENT);
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Content-Security-Policy", ContentDownload.PREVIEW_CONTENT_SECURITY_POLICY);
	}

}
