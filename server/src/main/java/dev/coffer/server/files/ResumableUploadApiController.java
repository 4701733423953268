package dev.coffer.server.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.server.CofferProperties;
import dev.coffer.server.InvalidInputException;
import dev.coffer.server.UnsupportedContentTypeException;
import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.files.ResumableUploads.NewUpload;
import dev.coffer.server.files.ResumableUploads.Progress;

/**
 * Resumable uploads over the tus protocol 1.0.0
 * (https://tus.io/protocols/resumable-upload) with its creation, creation-with-upload,
 * termination and expiration extensions, at {@code /api/v1/uploads}: {@code POST} starts
 * an upload (its {@code Upload-Length} and {@code Upload-Metadata}: {@code filename} and
 * {@code folderId} for a new file, or {@code fileId} for a new version; {@code sha256} to
 * have the whole file checked), {@code HEAD} says how much arrived, {@code PATCH} appends
 * from there, {@code DELETE} cancels. Signed in with a session (and its CSRF token) or a
 * bearer token, like the rest of the API; errors are the API's problem details. See
 * {@link ResumableUploads} and docs/API.md.
 */
@RestController
@RequestMapping("/api/v1/uploads")
@Tag(name = "Resumable uploads", description = "The tus protocol: uploads that survive a dropped connection")
class ResumableUploadApiController {

	static final String TUS_VERSION = "1.0.0";

	static final String TUS_EXTENSIONS = "creation,creation-with-upload,termination,expiration";

	/** The body type of a request that carries a piece of the file. */
	static final String OFFSET_OCTET_STREAM = "application/offset+octet-stream";

	private static final int MAX_METADATA_LENGTH = 4000;

	private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

	private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

	private final ResumableUploads uploads;

	private final long maxSize;

	ResumableUploadApiController(ResumableUploads uploads, CofferProperties coffer) {
		this.uploads = uploads;
		this.maxSize = coffer.files().maxUploadSize().toBytes();
	}

	/** What this server speaks of tus. */
	@RequestMapping(method = RequestMethod.OPTIONS)
	@Operation(summary = "The tus versions and extensions this server supports")
	ResponseEntity<Void> resumableUploadOptions() {
		return ResponseEntity.noContent()
			.header("Tus-Resumable", TUS_VERSION)
			.header("Tus-Version", TUS_VERSION)
			.header("Tus-Extension", TUS_EXTENSIONS)
			.header("Tus-Max-Size", Long.toString(this.maxSize))
			.build();
	}

	/** Starts an upload, and with a body (creation-with-upload) appends it at once. */
	@PostMapping
	@Operation(summary = "Start a resumable upload (tus creation); with a body, also its first piece")
	ResponseEntity<Void> startUpload(CurrentUser current,
			@RequestHeader(name = "Tus-Resumable", required = false) String tus,
			@RequestHeader(name = "Upload-Length", required = false) String length,
			@RequestHeader(name = "Upload-Defer-Length", required = false) String deferLength,
			@RequestHeader(name = "Upload-Metadata", required = false) String metadata, HttpServletRequest request)
			throws IOException {
		ResponseEntity<Void> unsupported = requireTusVersion(tus);
		if (unsupported != null) {
			return unsupported;
		}
		if (deferLength != null) {
			throw new InvalidInputException("Upload-Defer-Length",
					"Give the file's length in Upload-Length: uploads of a length not known yet are not supported.");
		}
		Map<String, String> values = parseMetadata(metadata);
		String sha256 = values.get("sha256");
		if (sha256 != null && !SHA256_HEX.matcher(sha256).matches()) {
			throw new InvalidInputException("Upload-Metadata",
					"sha256 must be the file's SHA-256 as 64 lower-case hexadecimal digits.");
		}
		String name = values.containsKey("filename") ? values.get("filename") : values.get("name");
		ResumableUpload upload = this.uploads.create(current.id(), new NewUpload(parseLength(length), name,
				values.get("folderId"), values.get("fileId"), sha256, metadata));
		ResponseEntity.BodyBuilder created = ResponseEntity.status(HttpStatus.CREATED)
			.header(HttpHeaders.LOCATION, "/api/v1/uploads/" + upload.id())
			.header("Tus-Resumable", TUS_VERSION)
			.header("Upload-Expires", HTTP_DATE.format(upload.expiresAt()));
		boolean hasBody = hasBody(request);
		if (hasBody || upload.length() == 0) {
			// An empty file is complete as soon as it exists.
			Progress progress = this.uploads.append(current.id(), upload.id(), 0,
					hasBody ? request.getInputStream() : InputStream.nullInputStream(), request.getContentLengthLong());
			created.header("Upload-Offset", Long.toString(progress.offset()));
			if (progress.file() != null) {
				created.header("Coffer-File-Id", progress.file().id());
			}
		}
		return created.build();
	}

	/** How much of the upload arrived. */
	@RequestMapping(path = "/{id}", method = RequestMethod.HEAD)
	@Operation(summary = "How many bytes of the upload arrived (tus Upload-Offset)")
	ResponseEntity<Void> uploadOffset(CurrentUser current,
			@RequestHeader(name = "Tus-Resumable", required = false) String tus, @PathVariable String id) {
		ResponseEntity<Void> unsupported = requireTusVersion(tus);
		if (unsupported != null) {
			return unsupported;
		}
		ResumableUpload upload = this.uploads.get(current.id(), id);
		ResponseEntity.BodyBuilder ok = ResponseEntity.ok()
			.header("Tus-Resumable", TUS_VERSION)
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.header("Upload-Offset", Long.toString(upload.offset()))
			.header("Upload-Length", Long.toString(upload.length()))
			.header("Upload-Expires", HTTP_DATE.format(upload.expiresAt()));
		if (upload.metadata() != null) {
			ok.header("Upload-Metadata", upload.metadata());
		}
		return ok.build();
	}

	/** Appends a piece at the offset the upload is at; the last piece completes it. */
	@PatchMapping("/{id}")
	@Operation(summary = "Send the next piece of the upload (body application/offset+octet-stream)")
	ResponseEntity<Void> appendToUpload(CurrentUser current,
			@RequestHeader(name = "Tus-Resumable", required = false) String tus,
			@RequestHeader(name = "Upload-Offset", required = false) String offset, @PathVariable String id,
			HttpServletRequest request) throws IOException {
		ResponseEntity<Void> unsupported = requireTusVersion(tus);
		if (unsupported != null) {
			return unsupported;
		}
		requireOffsetStream(request);
		if (offset == null || !offset.matches("[0-9]{1,19}")) {
			throw new InvalidInputException("Upload-Offset",
					"Say where this piece starts in Upload-Offset (the offset HEAD reports).");
		}
		Progress progress = this.uploads.append(current.id(), id, Long.parseLong(offset), request.getInputStream(),
				request.getContentLengthLong());
		ResponseEntity.HeadersBuilder<?> done = ResponseEntity.noContent()
			.header("Tus-Resumable", TUS_VERSION)
			.header("Upload-Offset", Long.toString(progress.offset()));
		if (progress.file() != null) {
			done.header("Coffer-File-Id", progress.file().id());
		}
		return done.build();
	}

	/** Cancels the upload and removes what arrived of it (tus termination). */
	@DeleteMapping("/{id}")
	@Operation(summary = "Cancel the upload (tus termination)")
	ResponseEntity<Void> cancelUpload(CurrentUser current,
			@RequestHeader(name = "Tus-Resumable", required = false) String tus, @PathVariable String id) {
		ResponseEntity<Void> unsupported = requireTusVersion(tus);
		if (unsupported != null) {
			return unsupported;
		}
		this.uploads.terminate(current.id(), id);
		return ResponseEntity.noContent().header("Tus-Resumable", TUS_VERSION).build();
	}

	/**
	 * tus asks a server to refuse, with 412 and the versions it speaks, a request without
	 * the one version it supports; {@code null} if the request has it.
	 */
	private static ResponseEntity<Void> requireTusVersion(String tus) {
		if (TUS_VERSION.equals(tus)) {
			return null;
		}
		return ResponseEntity.status(HttpStatus.PRECONDITION_FAILED).header("Tus-Version", TUS_VERSION).build();
	}

	private static long parseLength(String length) {
		if (length == null || !length.matches("[0-9]{1,19}")) {
			throw new InvalidInputException("Upload-Length", "Give the file's size in bytes in Upload-Length.");
		}
		return Long.parseLong(length);
	}

	private static boolean hasBody(HttpServletRequest request) {
		long length = request.getContentLengthLong();
		if (length == 0 || (length < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null)) {
			return false;
		}
		requireOffsetStream(request);
		return true;
	}

	private static void requireOffsetStream(HttpServletRequest request) {
		String type = request.getContentType();
		if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(OFFSET_OCTET_STREAM)) {
			throw new UnsupportedContentTypeException(
					"Send the piece as Content-Type: " + OFFSET_OCTET_STREAM + ", as the tus protocol asks.");
		}
	}

	/**
	 * tus metadata: comma-separated pairs of a key and its value in Base64, separated by
	 * a space (a key may have no value).
	 */
	static Map<String, String> parseMetadata(String metadata) {
		Map<String, String> values = new HashMap<>();
		if (metadata == null || metadata.isBlank()) {
			return values;
		}
		if (metadata.length() > MAX_METADATA_LENGTH) {
			throw new InvalidInputException("Upload-Metadata",
					"Upload-Metadata may have at most " + MAX_METADATA_LENGTH + " characters.");
		}
		for (String pair : metadata.split(",")) {
			String[] keyAndValue = pair.strip().split(" ", -1);
			if (keyAndValue.length > 2 || keyAndValue[0].isEmpty() || values.containsKey(keyAndValue[0])) {
				throw badMetadata();
			}
			String value = "";
			if (keyAndValue.length == 2) {
				try {
					value = new String(Base64.getDecoder().decode(keyAndValue[1]), StandardCharsets.UTF_8);
				}
				catch (IllegalArgumentException ex) {
					throw badMetadata();
				}
			}
			values.put(keyAndValue[0], value);
		}
		return values;
	}

	private static InvalidInputException badMetadata() {
		return new InvalidInputException("Upload-Metadata",
				"Upload-Metadata must be pairs of a key and its value in Base64, separated by commas, "
						+ "each key once (for example: filename cmVwb3J0LnBkZg==).");
	}

}
