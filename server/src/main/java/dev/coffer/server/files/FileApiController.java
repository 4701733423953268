package dev.coffer.server.files;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.server.CofferProperties;
import dev.coffer.server.InvalidInputException;
import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.files.FileUploads.PendingUpload;
import dev.coffer.server.web.ProblemResponse;

/**
 * The files REST API ({@code /api/v1/files}), for personal access tokens and for the web
 * page's upload script alike. Uploads take a raw body ({@code PUT}) or multipart
 * ({@code POST}); both are streamed. Operations on a file by id work for its owner and
 * for users it is shared with, as far as their permission goes (see {@link FileService}).
 * See docs/API.md.
 */
@RestController
@RequestMapping("/api/v1/files")
@Tag(name = "Files", description = "Your files and their versions")
class FileApiController {

	private static final String END_TO_END = "The body is the client's end-to-end ciphertext: the version is marked "
			+ "so, and its file key is then wrapped for its readers (docs/SECURITY.md, \"End-to-end encrypted files\")";

	static final String IF_MATCH = "Write only if the file's current version has this ETag (as a download "
			+ "gave it; a weak W/ tag never matches), else 412: no lost update";

	static final String IF_NONE_MATCH = "*: write only if there is no such file yet (create, never overwrite), "
			+ "else 412";

	private final FileService files;

	private final FileUploads uploads;

	private final ContentDownload downloads;

	private final ZipDownload zips;

	private final int maxFilesPerRequest;

	private final Trash trash;

	private final ThumbnailDownload thumbnails;

	FileApiController(FileService files, FileUploads uploads, ContentDownload downloads, ZipDownload zips,
			CofferProperties coffer, Trash trash, ThumbnailDownload thumbnails) {
		this.thumbnails = thumbnails;
		this.trash = trash;
		this.files = files;
		this.uploads = uploads;
		this.downloads = downloads;
		this.zips = zips;
		this.maxFilesPerRequest = coffer.files().maxFilesPerRequest();
	}

	/**
	 * The files in your top folder (those in other folders: /api/v1/folders), or with
	 * {@code q} the files in any of your folders whose names contain it.
	 */
	@GetMapping
	@Operation(summary = "Your files in your top folder, or with q: your files anywhere whose names contain q")
	List<FileResponse> list(CurrentUser current, @RequestParam(required = false) String q,
			@RequestParam(defaultValue = "name") String sort, @RequestParam(defaultValue = "asc") String order) {
		return this.files.list(current.id(), q, sort, FileSort.requireValid(sort, order))
			.stream()
			.map(FileResponse::of)
			.toList();
	}

	/** Just the names: the simplest listing, for scripts. */
	@GetMapping("/names")
	List<String> names(CurrentUser current) {
		return this.files.list(current.id(), null, "name", false).stream().map(StoredFile::name).toList();
	}

	/**
	 * Upload by name, into your top folder or {@code folderId}: creates the file, or adds
	 * a version if it exists. 201 or 200.
	 */
	@ApiResponse(responseCode = "201", description = "A new file (Location: its address)")
	@ApiResponse(responseCode = "200", description = "A new version of the file of that name")
	@ProblemResponse(status = 403, when = "folderId is a folder shared with you: new files there are its owner's")
	@ProblemResponse(status = 404, when = "folderId is not one of your folders (nor shared with you)")
	@ProblemResponse(status = 409,
			when = "A folder of that name is there, or the file is end-to-end encrypted and this upload is not")
	@ProblemResponse(status = 507, when = "The server is out of storage space; nothing is stored")
	@Parameter(in = ParameterIn.HEADER, name = "If-Match", description = IF_MATCH)
	@Parameter(in = ParameterIn.HEADER, name = "If-None-Match", description = IF_NONE_MATCH)
	@ProblemResponse(status = 412,
			when = "If-Match does not name the current version of the file of that name (or there is none), or If-None-Match: * and there is one: nothing is stored (etag: the current ETag)")
	@PutMapping
	@Operation(summary = "Upload a file by name (into root or folderId): creates it (201) or adds a version (200)",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(mediaType = "application/octet-stream",
							schema = @Schema(type = "string", format = "binary"))))
	ResponseEntity<FileResponse> put(CurrentUser current, @RequestParam String name,
			@RequestParam(defaultValue = FolderService.ROOT) String folderId,
			@Parameter(description = END_TO_END) @RequestParam(defaultValue = "false") boolean e2e,
			HttpServletRequest request) throws IOException {
		UploadBodies.requireRawBody(request);
		String owner = current.id();
		FileUploads.Upload upload = this.uploads.upload(owner, folderId, name, request.getContentLengthLong(),
				request.getInputStream(), e2e, WritePreconditions.of(request));
		FileResponse body = FileResponse.of(upload.file());
		return upload.created() ? ResponseEntity.created(URI.create("/api/v1/files/" + body.id())).body(body)
				: ResponseEntity.ok(body);
	}

	/** Multipart upload of one or more files, each created or versioned by name. */
	@ProblemResponse(status = 403, when = "folderId is a folder shared with you: new files there are its owner's")
	@ProblemResponse(status = 404, when = "folderId is not one of your folders (nor shared with you)")
	@ProblemResponse(status = 409, when = "There are too many files of a part's name already")
	@ProblemResponse(status = 413,
			when = "Over the maximum upload size or your quota, or more files or form fields "
					+ "than a request may carry; nothing is stored")
	@ProblemResponse(status = 507, when = "The server is out of storage space; nothing is stored")
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Upload one or more files as multipart/form-data (each part named by its file name)",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(mediaType = "multipart/form-data")))
	List<FileResponse> post(CurrentUser current, @RequestParam(defaultValue = FolderService.ROOT) String folderId,
			HttpServletRequest request) throws IOException {
		String owner = current.id();
		this.uploads.checkDeclaredSize(owner, request.getContentLengthLong());
		List<PendingUpload> pending = UploadBodies.readFileParts(request, this.maxFilesPerRequest,
				(fileName, content, earlier) -> this.uploads.store(owner, fileName, content, earlier),
				this.uploads::discardUploads);
		return this.uploads.uploadAll(owner, folderId, pending)
			.stream()
			.map((upload) -> FileResponse.of(upload.file()))
			.toList();
	}

	@GetMapping("/{id}")
	FileResponse get(CurrentUser current, @PathVariable String id) {
		return FileResponse.of(this.files.get(current.id(), id));
	}

	/** Download by name, for scripts that know names rather than ids. */
	@DownloadResponses
	@ProblemResponse(status = 404, when = "You have no file of that name in your top folder")
	@GetMapping("/content")
	void downloadByName(CurrentUser current, @RequestParam String name, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		String owner = current.id();
		StoredFile file = this.files.getByName(owner, name);
		this.downloads.send(file.name(), this.files.version(owner, file.id(), null), request, response);
	}

	@DownloadResponses
	@GetMapping("/{id}/content")
	void download(CurrentUser current, @PathVariable String id, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		this.downloads.send(this.files.readable(current.id(), id, null), request, response);
	}

	/**
	 * A thumbnail of the current version (or of {@code version}) of an image file, made
	 * the first time it is asked for; 404 if it has none.
	 */
	@ApiResponse(responseCode = "304", description = "Not modified: If-None-Match names the thumbnail's ETag")
	@ProblemResponse(status = 404, when = "No such file, or it has no thumbnail (not an image, too large, undecodable)")
	@GetMapping("/{id}/thumbnail")
	@Operation(summary = "A thumbnail of an image file (PNG, JPEG, GIF), at most 256 pixels a side; 404 if it has none",
			responses = @ApiResponse(responseCode = "200", description = "The thumbnail: PNG, or JPEG if it is opaque",
					content = {
							@Content(mediaType = "image/jpeg", schema = @Schema(type = "string", format = "binary")),
							@Content(mediaType = "image/png", schema = @Schema(type = "string", format = "binary")) }))
	void thumbnail(CurrentUser current, @PathVariable String id, @RequestParam(required = false) Integer version,
			HttpServletRequest request, HttpServletResponse response) throws IOException {
		this.thumbnails.send(current.id(), id, version, request, response);
	}

	/**
	 * The current versions of many files as one ZIP, streamed as it is built; 404 if any
	 * of them is not the caller's to read.
	 */
	@ProblemResponse(status = 404, when = "One of the ids is not there or not yours to read: nothing is sent")
	@ProblemResponse(status = 409, when = "A file asked for by itself is end-to-end encrypted")
	@ProblemResponse(status = 413, when = "More ids than coffer.files.max-files-per-zip (1,000), or a body over 1 MiB")
	@PostMapping(path = "/zip", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(
			summary = "Download files (ids) and folders with everything in them (folderIds) as one ZIP "
					+ "(stored entries, ZIP64 where needed, UTF-8 names, paths inside folders kept)",
			responses = @ApiResponse(responseCode = "200", description = "The ZIP, streamed",
					content = @Content(mediaType = "application/zip",
							schema = @Schema(type = "string", format = "binary"))))
	void zip(CurrentUser current, @RequestBody(required = false) ZipRequest body, HttpServletResponse response)
			throws IOException {
		this.zips.send(current.id(), (body != null) ? body.ids() : null, (body != null) ? body.folderIds() : null,
				response);
	}

	/** A new version from a raw body. */
	@ProblemResponse(status = 403,
			when = "Your permission is READ, or the upload is end to end and you are not the owner")
	@ProblemResponse(status = 409, when = "The file is end-to-end encrypted and this upload is not")
	@ProblemResponse(status = 507, when = "The server is out of storage space; nothing is stored")
	@Parameter(in = ParameterIn.HEADER, name = "If-Match", description = IF_MATCH)
	@Parameter(in = ParameterIn.HEADER, name = "If-None-Match", description = IF_NONE_MATCH)
	@ProblemResponse(status = 412,
			when = "If-Match does not name the current version: the file changed since; nothing is stored (etag: the current ETag)")
	@PutMapping("/{id}/content")
	@Operation(summary = "Upload a new version of a file",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(mediaType = "application/octet-stream",
							schema = @Schema(type = "string", format = "binary"))))
	FileResponse putVersion(CurrentUser current, @PathVariable String id,
			@Parameter(description = END_TO_END) @RequestParam(defaultValue = "false") boolean e2e,
			HttpServletRequest request) throws IOException {
		UploadBodies.requireRawBody(request);
		String user = current.id();
		if (e2e) {
			this.uploads.requireOwnerForEndToEnd(user, id);
		}
		WritePreconditions conditions = WritePreconditions.of(request);
		this.uploads.checkDeclaredVersion(user, id, request.getContentLengthLong(), e2e, conditions);
		return FileResponse.of(this.uploads.uploadVersion(user, id, request.getInputStream(), e2e, conditions));
	}

	@GetMapping("/{id}/versions")
	List<VersionResponse> versions(CurrentUser current, @PathVariable String id) {
		String user = current.id();
		int currentVersion = this.files.get(user, id).currentVersion();
		return this.files.versions(user, id).stream().map((v) -> VersionResponse.of(v, currentVersion)).toList();
	}

	@DownloadResponses
	@GetMapping("/{id}/versions/{number}/content")
	void downloadVersion(CurrentUser current, @PathVariable String id, @PathVariable int number,
			HttpServletRequest request, HttpServletResponse response) throws IOException {
		this.downloads.send(this.files.readable(current.id(), id, number), request, response);
	}

	@ProblemResponse(status = 403, when = "Your permission is READ")
	@ProblemResponse(status = 409, when = "The version is end-to-end encrypted: the server cannot copy it")
	@ProblemResponse(status = 413, when = "The copy would be over your quota; nothing is stored")
	@ProblemResponse(status = 507, when = "The server is out of storage space; nothing is stored")
	@PostMapping("/{id}/versions/{number}/restore")
	FileResponse restore(CurrentUser current, @PathVariable String id, @PathVariable int number) throws IOException {
		return FileResponse.of(this.files.restore(current.id(), id, number));
	}

	@ApiResponse(responseCode = "204", description = "Deleted")
	@ProblemResponse(status = 403, when = "The file is not yours but shared with you")
	@ProblemResponse(status = 409, when = "It is the only version: delete the file instead")
	@DeleteMapping("/{id}/versions/{number}")
	ResponseEntity<Void> deleteVersion(CurrentUser current, @PathVariable String id, @PathVariable int number) {
		this.files.deleteVersion(current.id(), id, number);
		return ResponseEntity.noContent().build();
	}

	@ProblemResponse(status = 403, when = "The file is not yours but shared with you")
	@ProblemResponse(status = 409, when = "A file or folder of that name is in the destination already")
	@Parameter(in = ParameterIn.HEADER, name = "If-Match", description = IF_MATCH)
	@ProblemResponse(status = 412,
			when = "If-Match does not name the current version: the file changed since; nothing changed")
	@PatchMapping("/{id}")
	@Operation(summary = "Rename a file and/or move it into another of your folders (folderId)")
	FileResponse rename(CurrentUser current, @PathVariable String id, @RequestBody(required = false) RenameRequest body,
			HttpServletRequest request) {
		if (body == null || (body.name() == null && body.folderId() == null)) {
			throw new InvalidInputException("name", "Send {\"name\": \"new name\"} and/or {\"folderId\": \"…\"}.");
		}
		return FileResponse
			.of(this.files.move(current.id(), id, body.folderId(), body.name(), WritePreconditions.of(request)));
	}

	@ApiResponse(responseCode = "204", description = "Deleted (into the trash)")
	@ProblemResponse(status = 403, when = "The file is not yours but shared with you")
	@Parameter(in = ParameterIn.HEADER, name = "If-Match", description = IF_MATCH)
	@ProblemResponse(status = 412,
			when = "If-Match does not name the current version: the file changed since; nothing is deleted")
	@DeleteMapping("/{id}")
	@Operation(summary = "Delete a file with all its versions (to the trash, unless the trash keeps nothing)")
	ResponseEntity<Void> delete(CurrentUser current, @PathVariable String id, HttpServletRequest request) {
		this.trash.deleteFile(current.id(), id, WritePreconditions.of(request));
		return ResponseEntity.noContent().build();
	}

}
