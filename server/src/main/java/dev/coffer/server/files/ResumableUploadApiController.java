package dev.coffer.server.files;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

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
import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.files.ResumableUploads.Holder;
import dev.coffer.server.files.TusProtocol.Creation;
import dev.coffer.server.web.ProblemResponse;

/**
 * Resumable uploads over the tus protocol 1.0.0
 * (https://tus.io/protocols/resumable-upload) with its creation, creation-with-upload,
 * termination and expiration extensions, at {@code /api/v1/uploads}: {@code POST} starts
 * an upload (its {@code Upload-Length} and {@code Upload-Metadata}: {@code filename} and
 * {@code folderId} for a new file, or {@code fileId} for a new version; {@code sha256} to
 * have the whole file checked), {@code HEAD} says how much arrived, {@code PATCH} appends
 * from there (the one that completes the upload may declare the SHA-256 instead, in
 * {@code Coffer-Sha256}), {@code DELETE} cancels. Signed in with a session (and its CSRF
 * token) or a bearer token, like the rest of the API; errors are the API's problem
 * details. See {@link ResumableUploads}, {@link TusProtocol} and docs/API.md.
 */
@RestController
@RequestMapping("/api/v1/uploads")
@Tag(name = "Resumable uploads", description = "The tus protocol: uploads that survive a dropped connection")
class ResumableUploadApiController {

	private static final String FILE_SHA256 = "The whole file's SHA-256 (64 lower-case hex digits), checked if "
			+ "this piece completes the upload; for a client that hashes while it sends";

	private final ResumableUploads uploads;

	private final long maxSize;

	ResumableUploadApiController(ResumableUploads uploads, CofferProperties coffer) {
		this.uploads = uploads;
		this.maxSize = coffer.files().maxUploadSize().toBytes();
	}

	/** What this server speaks of tus. */
	@ApiResponse(responseCode = "204", description = "Tus-Version, Tus-Extension and Tus-Max-Size")
	@RequestMapping(method = RequestMethod.OPTIONS)
	@Operation(summary = "The tus versions and extensions this server supports")
	ResponseEntity<Void> resumableUploadOptions() {
		return TusProtocol.options(this.maxSize);
	}

	/** Starts an upload, and with a body (creation-with-upload) appends it at once. */
	@ApiResponse(responseCode = "201",
			description = "Started (Location: the upload's address; Upload-Expires; with a body also Upload-Offset, and Coffer-File-Id once complete)")
	@ApiResponse(responseCode = "412",
			description = "Tus-Resumable is not 1.0.0 (no body; Tus-Version names the version spoken)")
	@ProblemResponse(status = 403, when = "fileId is a file you may only read, or folderId a folder shared with you")
	@ProblemResponse(status = 404, when = "folderId or fileId is not one of yours (nor shared with you)")
	@ProblemResponse(status = 409,
			when = "You have 100 unfinished uploads already, or fileId is end-to-end encrypted (tus uploads are not)")
	@ProblemResponse(status = 413,
			when = "Upload-Length is over the maximum upload size or what is left of your quota, or a body brings more than it")
	@ProblemResponse(status = 415, when = "A body that is not application/offset+octet-stream")
	@ProblemResponse(status = 507, when = "The server is out of storage space")
	@PostMapping
	@Operation(summary = "Start a resumable upload (tus creation); with a body, also its first piece")
	ResponseEntity<Void> startUpload(CurrentUser current,
			@RequestHeader(name = "Tus-Resumable", required = false) String tus,
			@RequestHeader(name = "Upload-Length", required = false) String length,
			@RequestHeader(name = "Upload-Defer-Length", required = false) String deferLength,
			@RequestHeader(name = "Upload-Metadata", required = false) String metadata, HttpServletRequest request)
			throws IOException {
		ResponseEntity<Void> unsupported = TusProtocol.unsupportedVersion(tus);
		if (unsupported != null) {
			return unsupported;
		}
		Creation creation = TusProtocol.creation(length, deferLength, metadata, TusProtocol.MAX_STORED_METADATA);
		ResumableUpload upload = this.uploads.create(current.id(),
				creation.toNewUpload(creation.metadata().get("folderId"), metadata));
		return TusProtocol.created("/api/v1/uploads/" + upload.id(), upload, request,
				(body, declaredLength) -> this.uploads.append(Holder.user(current.id()), upload.id(), 0, body,
						declaredLength, this.uploads::completeUsersUpload));
	}

	/** How much of the upload arrived. */
	@ApiResponse(responseCode = "200", description = "Upload-Offset, Upload-Length, Upload-Metadata, Upload-Expires")
	@ApiResponse(responseCode = "412",
			description = "Tus-Resumable is not 1.0.0 (no body; Tus-Version names the version spoken)")
	@ProblemResponse(status = 410, when = "The upload expired unfinished")
	@RequestMapping(path = "/{id}", method = RequestMethod.HEAD)
	@Operation(summary = "How many bytes of the upload arrived (tus Upload-Offset)")
	ResponseEntity<Void> uploadOffset(CurrentUser current,
			@RequestHeader(name = "Tus-Resumable", required = false) String tus, @PathVariable String id) {
		ResponseEntity<Void> unsupported = TusProtocol.unsupportedVersion(tus);
		if (unsupported != null) {
			return unsupported;
		}
		return TusProtocol.offset(this.uploads.get(Holder.user(current.id()), id));
	}

	/** Appends a piece at the offset the upload is at; the last piece completes it. */
	@ApiResponse(responseCode = "204",
			description = "Appended (Upload-Offset; Coffer-File-Id when this piece completed the file)")
	@ApiResponse(responseCode = "412",
			description = "Tus-Resumable is not 1.0.0 (no body; Tus-Version names the version spoken)")
	@ProblemResponse(status = 409,
			when = "Upload-Offset is not where the upload is, another request is sending to it (Retry-After), or it has 10,000 pieces")
	@ProblemResponse(status = 410,
			when = "The upload expired, or it was discarded because a stored part failed its integrity check")
	@ProblemResponse(status = 413,
			when = "The body brings more than Upload-Length leaves room for: nothing of it is kept")
	@ProblemResponse(status = 415, when = "The body is not application/offset+octet-stream")
	@ProblemResponse(status = 507, when = "The server is out of storage space")
	@PatchMapping("/{id}")
	@Operation(summary = "Send the next piece of the upload (body application/offset+octet-stream)")
	ResponseEntity<Void> appendToUpload(CurrentUser current,
			@RequestHeader(name = "Tus-Resumable", required = false) String tus,
			@RequestHeader(name = "Upload-Offset", required = false) String offset,
			@Parameter(description = FILE_SHA256) @RequestHeader(name = TusProtocol.FILE_SHA256,
					required = false) String sha256,
			@PathVariable String id, HttpServletRequest request) throws IOException {
		ResponseEntity<Void> unsupported = TusProtocol.unsupportedVersion(tus);
		if (unsupported != null) {
			return unsupported;
		}
		long at = TusProtocol.patchOffset(offset, request);
		String fileSha256 = TusProtocol.fileSha256(sha256);
		return TusProtocol.appended(this.uploads.append(Holder.user(current.id()), id, at, request.getInputStream(),
				request.getContentLengthLong(), fileSha256, this.uploads::completeUsersUpload));
	}

	/** Cancels the upload and removes what arrived of it (tus termination). */
	@ApiResponse(responseCode = "204", description = "Cancelled: what arrived is removed")
	@ApiResponse(responseCode = "412",
			description = "Tus-Resumable is not 1.0.0 (no body; Tus-Version names the version spoken)")
	@DeleteMapping("/{id}")
	@Operation(summary = "Cancel the upload (tus termination)")
	ResponseEntity<Void> cancelUpload(CurrentUser current,
			@RequestHeader(name = "Tus-Resumable", required = false) String tus, @PathVariable String id) {
		ResponseEntity<Void> unsupported = TusProtocol.unsupportedVersion(tus);
		if (unsupported != null) {
			return unsupported;
		}
		this.uploads.terminate(Holder.user(current.id()), id);
		return TusProtocol.cancelled();
	}

}
