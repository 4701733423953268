package dev.coffer.server.files;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.web.ProblemResponse;

/**
 * Your files by path ({@code /api/v1/paths/reports/2026/q1.pdf}): download, upload
 * (creating the folders on the way that do not exist yet) and delete. Paths are in your
 * own tree, from your top folder; each segment follows the file-name rules. See
 * docs/API.md.
 */
@RestController
@RequestMapping("/api/v1/paths")
@Tag(name = "Paths", description = "Your files by path: download, upload, delete")
class PathApiController {

	private final FilePaths paths;

	private final FileService files;

	private final FileUploads uploads;

	private final ContentDownload downloads;

	private final Trash trash;

	PathApiController(FilePaths paths, FileService files, FileUploads uploads, ContentDownload downloads, Trash trash) {
		this.trash = trash;
		this.paths = paths;
		this.files = files;
		this.uploads = uploads;
		this.downloads = downloads;
	}

	@DownloadResponses
	@GetMapping("/{*path}")
	@Operation(operationId = "downloadByPath", summary = "Download the file at a path in your folders")
	void download(CurrentUser current, @PathVariable String path, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		String owner = current.id();
		StoredFile file = this.paths.file(owner, FilePaths.segments(path));
		this.downloads.send(this.files.readable(owner, file.id(), null), request, response);
	}

	@ApiResponse(responseCode = "201", description = "A new file (Location: its address), with the folders on the way")
	@ApiResponse(responseCode = "200", description = "A new version of the file at that path")
	@ProblemResponse(status = 409,
			when = "A folder is at that path, or a file where a folder on the way should be; or the file is end-to-end encrypted and this upload is not")
	@ProblemResponse(status = 507, when = "The server is out of storage space; nothing is stored")
	@Parameter(in = ParameterIn.HEADER, name = "If-Match", description = FileApiController.IF_MATCH)
	@Parameter(in = ParameterIn.HEADER, name = "If-None-Match", description = FileApiController.IF_NONE_MATCH)
	@ProblemResponse(status = 412,
			when = "If-Match does not name the current version of the file at the path (or there is none), or If-None-Match: * and there is one: nothing is stored (etag: the current ETag)")
	@PutMapping("/{*path}")
	@Operation(operationId = "uploadByPath",
			summary = "Upload to a path: creates the file (201, and missing folders) or adds a version (200)",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(mediaType = "application/octet-stream",
							schema = @Schema(type = "string", format = "binary"))))
	ResponseEntity<FileResponse> upload(CurrentUser current, @PathVariable String path,
			@Parameter(description = "The body is the client's end-to-end ciphertext (docs/SECURITY.md)") @RequestParam(
					defaultValue = "false") boolean e2e,
			HttpServletRequest request) throws IOException {
		UploadBodies.requireRawBody(request);
		String owner = current.id();
		this.uploads.checkDeclaredSize(owner, request.getContentLengthLong());
		FileUploads.Upload upload = this.uploads.uploadToPath(owner, FilePaths.segments(path), request.getInputStream(),
				e2e, WritePreconditions.of(request));
		FileResponse body = FileResponse.of(upload.file());
		return upload.created() ? ResponseEntity.created(URI.create("/api/v1/files/" + body.id())).body(body)
				: ResponseEntity.ok(body);
	}

	@ApiResponse(responseCode = "204", description = "Deleted (into the trash)")
	@DeleteMapping("/{*path}")
	@Operation(operationId = "deleteByPath",
			summary = "Delete the file at a path, all versions (to the trash, unless the trash keeps nothing)")
	ResponseEntity<Void> delete(CurrentUser current, @PathVariable String path) {
		String owner = current.id();
		this.trash.deleteFile(owner, this.paths.file(owner, FilePaths.segments(path)).id());
		return ResponseEntity.noContent().build();
	}

}
