package dev.coffer.server.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpRange;
import org.springframework.stereotype.Component;

import dev.coffer.crypto.BlobIntegrityException;
import dev.coffer.server.web.ErrorResponses;

/**
 * Sends a file version as a download (DESIGN.md §3): always an attachment with an RFC
 * 6266 {@code filename*}, never sniffed or rendered, never cached by shared caches,
 * sandboxed even if opened; a strong ETag (the SHA-256 of the content) for
 * {@code If-None-Match}; a single {@code Range} answered with 206 by decrypting only the
 * segments it covers.
 * <p>
 * If the content cannot be read before its first byte is sent (a segment fails
 * authentication, the blob is missing), the response is reset, so the error answer that
 * follows carries none of the download's headers. If a segment fails authentication
 * mid-stream the response is aborted, never ended cleanly, so the client cannot mistake a
 * truncated download for a complete one; only authenticated plaintext is ever sent. A
 * {@link BlobIntegrityFailure} event records it for the audit log.
 */
@Component
public class ContentDownload {

	private static final Logger logger = LoggerFactory.getLogger(ContentDownload.class);

	static final String CONTENT_SECURITY_POLICY = "sandbox; default-src 'none'";

	/**
	 * What a preview (or a thumbnail) is sent with, which a browser may show on its own
	 * when its address is opened: Chromium then wraps an image, a text or a video in a
	 * page of its own whose inline styles {@code default-src 'none'} refuses, each with
	 * an error in the console. Inline styles are allowed and nothing else: still no
	 * script (sandbox without {@code allow-scripts}, and no {@code script-src}), no
	 * plugin, no form, no request anywhere. Only the kinds of {@link PreviewType} are
	 * sent inline, never HTML or SVG, so the only styles there are the browser's own.
	 */
	static final String PREVIEW_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY + "; style-src 'unsafe-inline'";

	private static final int BUFFER_SIZE = 256 * 1024;

	/**
	 * Content longer than one blob segment is read and decrypted on a second thread while
	 * the request's thread sends it ({@link ReadAhead}); a small download is not worth a
	 * thread.
	 */
	private static final long READ_AHEAD_ABOVE = 1024 * 1024;

	/** Four buffers of {@link #BUFFER_SIZE}: one segment in flight. */
	private static final int READ_AHEAD_BUFFERS = 4;

	private final FileService files;

	private final FileAudit audit;

	private final ApplicationEventPublisher events;

	ContentDownload(FileService files, FileAudit audit, ApplicationEventPublisher events) {
		this.files = files;
		this.audit = audit;
		this.events = events;
	}

	/**
	 * Sends a version of a file the caller may see; a download by a user the file is
	 * shared with is recorded as such.
	 */
	void send(ReadableVersion readable, HttpServletRequest request, HttpServletResponse response) throws IOException {
		FileAccess access = readable.access();
		send(access.file().name(), readable.version(), () -> this.files.open(readable), etagOf(readable.version()),
				access, DOWNLOAD, request, response);
	}

	/**
	 * Sends the current version of a file {@code userId} may see (one query finds it and
	 * proves access), recorded as their download, under the strong ETag {@code etag}
	 * makes of the version's SHA-256 (WebDAV has a shorter one than a download's).
	 * @throws dev.coffer.server.NotFoundException if they may not see it
	 */
	public void sendCurrent(String userId, String fileId, UnaryOperator<String> etag, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		ReadableVersion readable = this.files.readable(userId, fileId, null);
		FileAccess access = readable.access();
		send(access.file().name(), readable.version(), () -> this.files.open(readable),
				etag.apply(readable.version().sha256()), access, DOWNLOAD, request, response);
	}

	/** Sends a version to someone who is not signed in: recorded by the file alone. */
	public void send(String fileName, FileVersion version, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		send(fileName, version, () -> this.files.open(version), etagOf(version), null, DOWNLOAD, request, response);
	}

	/**
	 * Sends a version that a public folder link reaches, found with its blob's parts, to
	 * someone who is not signed in: recorded by the file alone.
	 */
	public void sendToVisitor(ReadableVersion readable, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		FileVersion version = readable.version();
		send(readable.access().file().name(), version, () -> this.files.open(readable), etagOf(version), null, DOWNLOAD,
				request, response);
	}

	/**
	 * Sends a version as a preview the browser shows itself: {@code inline}, with the
	 * Content-Type of its {@link PreviewType} (never one the content or its name
	 * suggests), and otherwise exactly as a download (nosniff, CSP sandbox, no-store,
	 * ETag, Range), but for the inline styles of the page the browser wraps it in
	 * ({@link #PREVIEW_CONTENT_SECURITY_POLICY}). Audited as a download, "preview" in the
	 * details.
	 * @param type the version's preview type, not {@link PreviewType#NONE}
	 */
	void preview(ReadableVersion readable, PreviewType type, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		if (type.contentType() == null) {
			throw new IllegalArgumentException("No preview for " + type);
		}
		FileAccess access = readable.access();
		send(access.file().name(), readable.version(), () -> this.files.open(readable), etagOf(readable.version()),
				access, new Presentation(false, type.contentType(), "preview, "), request, response);
	}

	/**
	 * How content is sent: as an attachment or inline, with which Content-Type, and what
	 * the audit entry says before the version.
	 */
	private record Presentation(boolean attachment, String contentType, String auditPrefix) {
	}

	/**
	 * Opens the content to send, with the blob's parts the access query found where it
	 * found them (no further query).
	 */
	@FunctionalInterface
	private interface Content {

		SeekableByteChannel open() throws IOException;

	}

	/**
	 * On the download of an end-to-end encrypted version: {@code <file id>; version=<n>},
	 * the version whose wrapped key decrypts it.
	 */
	public static final String END_TO_END_HEADER = "Coffer-End-To-End";

	private static final Presentation DOWNLOAD = new Presentation(true, "application/octet-stream", "");

	/**
	 * Whether sending the version for this request counts as a download: the answer
	 * carries content from the first byte (no Range, a stale {@code If-Range}, a
	 * malformed or multiple Range, or one range that starts at 0) and is not to a HEAD. A
	 * Range that continues a download does not count again. The same rules as
	 * {@link #send} uses to pick what it sends.
	 */
	public static boolean countsAsDownload(HttpServletRequest request, FileVersion version) {
		if ("HEAD".equals(request.getMethod())) {
			return false;
		}
		Answer answer = answer(request, version, etagOf(version));
		return answer.status() == HttpServletResponse.SC_OK
				|| (answer.status() == HttpServletResponse.SC_PARTIAL_CONTENT
						&& answer.range().getRangeStart(version.size()) == 0);
	}

	/**
	 * What a request for the version is answered with: its status and, for 206, the
	 * range.
	 */
	private record Answer(int status, HttpRange range) {
	}

	private static Answer answer(HttpServletRequest request, FileVersion version, String etag) {
		if (matches(request.getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
			return new Answer(HttpServletResponse.SC_NOT_MODIFIED, null);
		}
		HttpRange range = singleRange(request, etag);
		if (range == null) {
			return new Answer(HttpServletResponse.SC_OK, null);
		}
		if (rangeStartsBeyondEnd(request.getHeader(HttpHeaders.RANGE), version.size())) {
			return new Answer(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE, null);
		}
		return new Answer(HttpServletResponse.SC_PARTIAL_CONTENT, range);
	}

	/**
	 * The strong ETag a download carries: the content's whole SHA-256, which the
	 * command-line client checks the download against.
	 */
	private static String etagOf(FileVersion version) {
		return EntityTags.of(version.sha256());
	}

	private void send(String fileName, FileVersion version, Content content, String etag, FileAccess access,
			Presentation presentation, HttpServletRequest request, HttpServletResponse response) throws IOException {
		long length = version.size();
		Answer answer = answer(request, version, etag);
		if (answer.status() == HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE) {
			// An error like any other: a problem document, not the file's headers.
			response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + length);
			ErrorResponses.write(request, response, ErrorResponses.problem(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
					"The range asked for is not within the file, which has " + length + " bytes."));
			return;
		}
		response.setHeader(HttpHeaders.ETAG, etag);
		response.setHeader(HttpHeaders.CACHE_CONTROL, "private, no-store");
		ContentDisposition.Builder disposition = presentation.attachment() ? ContentDisposition.attachment()
				: ContentDisposition.inline();
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				disposition.filename(fileName, StandardCharsets.UTF_8).build().toString());
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Content-Security-Policy",
				presentation.attachment() ? CONTENT_SECURITY_POLICY : PREVIEW_CONTENT_SECURITY_POLICY);
		response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
		if (version.endToEnd()) {
			// Which file key opens it: the client fetches its wrapped key for this
			// version.
			response.setHeader(END_TO_END_HEADER, version.fileId() + "; version=" + version.number());
		}
		response.setContentType(presentation.contentType());

		if (answer.status() == HttpServletResponse.SC_NOT_MODIFIED) {
			response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
			return;
		}
		HttpRange range = answer.range();
		long start = 0;
		long count = length;
		if (range != null) {
			start = range.getRangeStart(length);
			count = range.getRangeEnd(length) - start + 1;
			response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
			response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes " + start + "-" + (start + count - 1) + "/" + length);
		}
		response.setContentLengthLong(count);
		if ("HEAD".equals(request.getMethod())) {
			return;
		}
		// One entry per request, ranges included: a resumed download is a few entries.
		String details = presentation.auditPrefix() + "version " + version.number()
				+ ((range != null) ? ", bytes " + start + "-" + (start + count - 1) : "");
		if (access != null) {
			this.audit.record(access, "file.downloaded", details);
		}
		else {
			this.audit.record("file.downloaded", version.fileId(), details);
		}
		try (SeekableByteChannel channel = content.open()) {
			channel.position(start);
			if (count > READ_AHEAD_ABOVE) {
				sendReadAhead(channel, response.getOutputStream(), count);
			}
			else {
				copy(channel, response.getOutputStream(), count);
			}
		}
		catch (BlobIntegrityException ex) {
			logger.warn("Integrity failure while sending version {} of file {} (blob {}): download aborted",
					version.number(), version.fileId(), version.blobId());
			this.events.publishEvent(new BlobIntegrityFailure(version.fileId(), version.number(), version.blobId()));
			forgetDataResponse(response);
			throw ex;
		}
		catch (IOException | RuntimeException ex) {
			forgetDataResponse(response);
			throw ex;
		}
	}

	/**
	 * Before the first byte is out, a failure becomes an error response of its own: the
	 * status, length, range, ETag and file name of the download it replaces must not
	 * describe it. (Security headers are written when the response commits, so they
	 * survive the reset.) Once bytes are out, the response stays as it is and is aborted.
	 */
	private static void forgetDataResponse(HttpServletResponse response) {
		if (!response.isCommitted()) {
			response.reset();
		}
	}

	/**
	 * Decrypts ahead of the socket on a second thread (closed, so stopped, before the
	 * channel is).
	 */
	private static void sendReadAhead(SeekableByteChannel source, OutputStream target, long count) throws IOException {
		try (ReadAhead ahead = new ReadAhead(source, count, BUFFER_SIZE, READ_AHEAD_BUFFERS)) {
			ByteBuffer buffer;
			while ((buffer = ahead.next()) != null) {
				target.write(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
				ahead.recycle(buffer);
			}
		}
	}

	private static void copy(SeekableByteChannel source, OutputStream target, long count) throws IOException {
		// No bigger than the content: a small file's download allocates only what it
		// sends.
		ByteBuffer buffer = ByteBuffer.allocate((int) Math.max(1, Math.min(BUFFER_SIZE, count)));
		long remaining = count;
		while (remaining > 0) {
			buffer.clear();
			if (remaining < buffer.capacity()) {
				buffer.limit((int) remaining);
			}
			int read = source.read(buffer);
			if (read < 0) {
				throw new IOException("Content ended early");
			}
			target.write(buffer.array(), 0, read);
			remaining -= read;
		}
	}

	/** The one range to serve, or null for the whole content. */
	private static HttpRange singleRange(HttpServletRequest request, String etag) {
		String header = request.getHeader(HttpHeaders.RANGE);
		if (header == null) {
			return null;
		}
		String ifRange = request.getHeader(HttpHeaders.IF_RANGE);
		if (ifRange != null && !ifRange.equals(etag)) {
			return null; // the client's partial copy is of other content: send everything
		}
		try {
			List<HttpRange> ranges = HttpRange.parseRanges(header);
			// Several ranges are legal but rare; the whole content is a correct answer to
			// them.
			return (ranges.size() == 1) ? ranges.getFirst() : null;
		}
		catch (IllegalArgumentException ex) {
			return null; // a malformed Range header is ignored (RFC 9110 §14.2)
		}
	}

	private static boolean rangeStartsBeyondEnd(String header, long length) {
		String spec = header.substring(header.indexOf('=') + 1).strip();
		if (spec.startsWith("-")) {
			return length == 0 || Long.parseLong(spec.substring(1).strip()) == 0;
		}
		return Long.parseLong(spec.substring(0, spec.indexOf('-')).strip()) >= length;
	}

	private static boolean matches(String ifNoneMatch, String etag) {
		return ifNoneMatch != null && EntityTags.matches(ifNoneMatch, true, etag, true);
	}

}
