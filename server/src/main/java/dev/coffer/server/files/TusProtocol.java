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

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import dev.coffer.server.InvalidInputException;
import dev.coffer.server.UnsupportedContentTypeException;
import dev.coffer.server.files.ResumableUploads.Progress;

/**
 * The wire format of the tus protocol 1.0.0 (https://tus.io/protocols/resumable-upload)
 * with its creation, creation-with-upload, termination and expiration extensions: the
 * headers both endpoints that speak it read and answer, the signed-in user's
 * ({@link ResumableUploadApiController}) and a request link's (the drop box). What an
 * upload is and does is {@link ResumableUploads}'.
 */
public final class TusProtocol {

	static final String VERSION = "1.0.0";

	static final String EXTENSIONS = "creation,creation-with-upload,termination,expiration";

	/** The body type of a request that carries a piece of the file. */
	static final String OFFSET_OCTET_STREAM = "application/offset+octet-stream";

	/** The header with the id of the file a complete upload became (Coffer's own). */
	static final String FILE_ID = "Coffer-File-Id";

	/**
	 * The header of a {@code PATCH} that declares the SHA-256 of the whole file (Coffer's
	 * own): a client that hashes while it sends knows it only by its last piece.
	 */
	public static final String FILE_SHA256 = "Coffer-Sha256";

	/**
	 * The longest {@code Upload-Metadata} kept with an upload, and echoed back by HEAD
	 * (the column's size).
	 */
	public static final int MAX_STORED_METADATA = 4000;

	private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

	private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");

	/**
	 * RFC 9110's IMF-fixdate ({@code Sun, 06 Dec 2026 06:24:53 GMT}): the JDK's RFC 1123
	 * formatter writes a one-digit day, which the HTTP date format does not allow.
	 */
	private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter
		.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
		.withZone(ZoneOffset.UTC);

	private TusProtocol() {
	}

	/** Appends a creation request's body to the upload it created. */
	@FunctionalInterface
	public interface FirstPiece {

		Progress append(InputStream body, long declaredLength) throws IOException;

	}

	/**
	 * The answer to OPTIONS on where uploads start: what this server speaks of tus, and
	 * the methods that address takes (else the servlet would list every method it knows).
	 */
	public static ResponseEntity<Void> options(long maxSize) {
		return ResponseEntity.noContent()
			.header(HttpHeaders.ALLOW, "OPTIONS, POST")
			.header("Tus-Resumable", VERSION)
			.header("Tus-Version", VERSION)
			.header("Tus-Extension", EXTENSIONS)
			.header("Tus-Max-Size", Long.toString(maxSize))
			.build();
	}

	/**
	 * tus asks a server to refuse, with 412 and the versions it speaks, a request without
	 * the one version it supports; {@code null} if the request has it.
	 */
	public static ResponseEntity<Void> unsupportedVersion(String tusResumable) {
		if (VERSION.equals(tusResumable)) {
			return null;
		}
		return ResponseEntity.status(HttpStatus.PRECONDITION_FAILED).header("Tus-Version", VERSION).build();
	}

	/**
	 * What a creation request declares: its {@code Upload-Length} and
	 * {@code Upload-Metadata}, whose {@code filename} (or {@code name}), {@code sha256},
	 * {@code folderId} and {@code fileId} are read here and the rest left to the caller.
	 */
	public record Creation(long length, Map<String, String> metadata) {

		public String fileName() {
			return this.metadata.containsKey("filename") ? this.metadata.get("filename") : this.metadata.get("name");
		}

		public String sha256() {
			return this.metadata.get("sha256");
		}

		public ResumableUploads.NewUpload toNewUpload(String folderId, String storedMetadata) {
			return new ResumableUploads.NewUpload(this.length, fileName(), folderId, this.metadata.get("fileId"),
					sha256(), storedMetadata);
		}

	}

	/**
	 * The SHA-256 a {@code PATCH} declares for the whole file ({@link #FILE_SHA256}), or
	 * null if it declares none.
	 */
	public static String fileSha256(String header) {
		if (header != null && !SHA256_HEX.matcher(header).matches()) {
			throw new InvalidInputException(FILE_SHA256,
					"Give the whole file's SHA-256 in " + FILE_SHA256 + " as 64 lower-case hexadecimal digits.");
		}
		return header;
	}

	/**
	 * Reads and checks the headers of a creation request.
	 * @param maxMetadata the longest {@code Upload-Metadata} accepted
	 */
	public static Creation creation(String length, String deferLength, String metadata, int maxMetadata) {
		if (deferLength != null) {
			throw new InvalidInputException("Upload-Defer-Length",
					"Give the file's length in Upload-Length: uploads of a length not known yet are not supported.");
		}
		Map<String, String> values = parseMetadata(metadata, maxMetadata);
		String sha256 = values.get("sha256");
		if (sha256 != null && !SHA256_HEX.matcher(sha256).matches()) {
			throw new InvalidInputException("Upload-Metadata",
					"sha256 must be the file's SHA-256 as 64 lower-case hexadecimal digits.");
		}
		if (length == null || !DIGITS.matcher(length).matches()) {
			throw new InvalidInputException("Upload-Length", "Give the file's size in bytes in Upload-Length.");
		}
		return new Creation(Long.parseLong(length), values);
	}

	/**
	 * The answer to a creation (201 with the upload's address). With a body
	 * (creation-with-upload), or for an empty file, which is complete as soon as it
	 * exists, the first piece is appended first.
	 */
	public static ResponseEntity<Void> created(String location, ResumableUpload upload, HttpServletRequest request,
			FirstPiece firstPiece) throws IOException {
		ResponseEntity.BodyBuilder created = ResponseEntity.status(HttpStatus.CREATED)
			.header(HttpHeaders.LOCATION, location)
			.header("Tus-Resumable", VERSION)
			.header("Upload-Expires", HTTP_DATE.format(upload.expiresAt()));
		boolean hasBody = hasBody(request);
		if (hasBody || upload.length() == 0) {
			Progress progress = firstPiece.append(hasBody ? request.getInputStream() : InputStream.nullInputStream(),
					request.getContentLengthLong());
			created.header("Upload-Offset", Long.toString(progress.offset()));
			if (progress.file() != null) {
				created.header(FILE_ID, progress.file().id());
			}
		}
		return created.build();
	}

	/** The answer to HEAD: how much of the upload arrived. */
	public static ResponseEntity<Void> offset(ResumableUpload upload) {
		ResponseEntity.BodyBuilder ok = ResponseEntity.ok()
			.header("Tus-Resumable", VERSION)
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.header("Upload-Offset", Long.toString(upload.offset()))
			.header("Upload-Length", Long.toString(upload.length()))
			.header("Upload-Expires", HTTP_DATE.format(upload.expiresAt()));
		if (upload.metadata() != null) {
			ok.header("Upload-Metadata", upload.metadata());
		}
		return ok.build();
	}

	/**
	 * Reads a PATCH's {@code Upload-Offset}, after checking that its body is a piece of a
	 * file.
	 */
	public static long patchOffset(String offset, HttpServletRequest request) {
		requireOffsetStream(request);
		if (offset == null || !DIGITS.matcher(offset).matches()) {
			throw new InvalidInputException("Upload-Offset",
					"Say where this piece starts in Upload-Offset (the offset HEAD reports).");
		}
		return Long.parseLong(offset);
	}

	/** The answer to a PATCH: where the upload stands, and the file once complete. */
	public static ResponseEntity<Void> appended(Progress progress) {
		ResponseEntity.HeadersBuilder<?> done = ResponseEntity.noContent()
			.header("Tus-Resumable", VERSION)
			.header("Upload-Offset", Long.toString(progress.offset()));
		if (progress.file() != null) {
			done.header(FILE_ID, progress.file().id());
		}
		return done.build();
	}

	/** The answer to a DELETE (termination). */
	public static ResponseEntity<Void> cancelled() {
		return ResponseEntity.noContent().header("Tus-Resumable", VERSION).build();
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
	static Map<String, String> parseMetadata(String metadata, int maxLength) {
		Map<String, String> values = new HashMap<>();
		if (metadata == null || metadata.isBlank()) {
			return values;
		}
		if (metadata.length() > maxLength) {
			throw new InvalidInputException("Upload-Metadata",
					"Upload-Metadata may have at most " + maxLength + " characters.");
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
