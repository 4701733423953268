package dev.coffer.server.sharing.requests;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;

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
import dev.coffer.server.OperationNotAllowedException;
import dev.coffer.server.files.ResumableUpload;
import dev.coffer.server.files.ResumableUploads;
import dev.coffer.server.files.ResumableUploads.Holder;
import dev.coffer.server.files.TusProtocol;
import dev.coffer.server.files.TusProtocol.Creation;

/**
 * Resumable uploads through a request link, {@code /r/{token}/uploads}: the tus protocol
 * of {@link dev.coffer.server.files.ResumableUploads}, for the public drop box's large
 * files. Each upload is one file; it becomes a received file when its last byte arrives,
 * counted against the link's limits then (a form post's files arrive all or none; files
 * sent this way arrive one by one). The drop box's checks apply as to a post
 * ({@link DropBoxSession}): starting an upload counts as a post against the client's
 * network, needs the form shown in this session long enough ago and the link unlocked if
 * it has a password; the sender's fields come in the metadata (see
 * {@link DropBox#startUpload}). Like the page, these need the session's CSRF token. The
 * token and the upload's id, which only its sender's page knows, are the credential.
 */
@RestController
@RequestMapping("/r/{token}/uploads")
class DropBoxUploadController {

	/**
	 * The longest metadata taken: the sender's message of up to 2,000 characters in
	 * Base64, with the rest. Only the file's name and checksum are kept.
	 */
	private static final int MAX_METADATA = 12_000;

	private final FileRequestService requests;

	private final DropBox dropBox;

	private final DropBoxSession session;

	private final ResumableUploads uploads;

	private final long maxSize;

	DropBoxUploadController(FileRequestService requests, DropBox dropBox, DropBoxSession session,
			ResumableUploads uploads, CofferProperties coffer) {
		this.requests = requests;
		this.dropBox = dropBox;
		this.session = session;
		this.uploads = uploads;
		this.maxSize = coffer.files().maxUploadSize().toBytes();
	}

	@RequestMapping(method = RequestMethod.OPTIONS)
	ResponseEntity<Void> options() {
		return TusProtocol.options(this.maxSize);
	}

	@PostMapping
	ResponseEntity<Void> start(@PathVariable String token,
			@RequestHeader(name = "Tus-Resumable", required = false) String tus,
			@RequestHeader(name = "Upload-Length", required = false) String length,
			@RequestHeader(name = "Upload-Defer-Length", required = false) String deferLength,
			@RequestHeader(name = "Upload-Metadata", required = false) String metadata, HttpServletRequest http)
			throws IOException {
		ResponseEntity<Void> unsupported = TusProtocol.unsupportedVersion(tus);
		if (unsupported != null) {
			return unsupported;
		}
		this.session.countPost(http);
		FileRequest request = unlocked(this.requests.open(token), http);
		this.session.requireMinimumFillTime(request, http);
		Creation creation = TusProtocol.creation(length, deferLength, metadata, MAX_METADATA);
		ResumableUpload upload = this.dropBox.startUpload(request, creation, http);
		return TusProtocol.created("/r/" + token + "/uploads/" + upload.id(), upload, http, (body,
				declaredLength) -> this.dropBox.appendToUpload(request, upload.id(), 0, body, declaredLength, http));
	}

	@RequestMapping(path = "/{id}", method = RequestMethod.HEAD)
	ResponseEntity<Void> offset(@PathVariable String token, @PathVariable String id,
			@RequestHeader(name = "Tus-Resumable", required = false) String tus, HttpServletRequest http) {
		ResponseEntity<Void> unsupported = TusProtocol.unsupportedVersion(tus);
		if (unsupported != null) {
			return unsupported;
		}
		FileRequest request = unlocked(this.requests.open(token), http);
		return TusProtocol.offset(this.uploads.get(Holder.requestLink(request.id()), id));
	}

	@PatchMapping("/{id}")
	ResponseEntity<Void> append(@PathVariable String token, @PathVariable String id,
			@RequestHeader(name = "Tus-Resumable", required = false) String tus,
			@RequestHeader(name = "Upload-Offset", required = false) String offset, HttpServletRequest http)
			throws IOException {
		ResponseEntity<Void> unsupported = TusProtocol.unsupportedVersion(tus);
		if (unsupported != null) {
			return unsupported;
		}
		FileRequest request = unlocked(this.requests.open(token), http);
		long at = TusProtocol.patchOffset(offset, http);
		return TusProtocol.appended(
				this.dropBox.appendToUpload(request, id, at, http.getInputStream(), http.getContentLengthLong(), http));
	}

	/** Cancels an upload; also once the link closed, so that its sender can clean up. */
	@DeleteMapping("/{id}")
	ResponseEntity<Void> cancel(@PathVariable String token, @PathVariable String id,
			@RequestHeader(name = "Tus-Resumable", required = false) String tus, HttpServletRequest http) {
		ResponseEntity<Void> unsupported = TusProtocol.unsupportedVersion(tus);
		if (unsupported != null) {
			return unsupported;
		}
		FileRequest request = unlocked(this.requests.find(token), http);
		this.uploads.terminate(Holder.requestLink(request.id()), id);
		return TusProtocol.cancelled();
	}

	private FileRequest unlocked(FileRequest request, HttpServletRequest http) {
		if (this.session.isLocked(request, http)) {
			throw new OperationNotAllowedException("Enter the password of this request link first.");
		}
		return request;
	}

}
