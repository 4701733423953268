package dev.coffer.server.files;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.server.InvalidInputException;
import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.web.ProblemResponse;

/**
 * The folders REST API ({@code /api/v1/folders}): make, list a page of, rename, move and
 * delete folders. {@code root} names the caller's top folder. A folder the caller may not
 * see is a 404. See docs/API.md.
 */
@RestController
@RequestMapping("/api/v1/folders")
@Tag(name = "Folders", description = "Your folders: make, list (paged), rename, move, delete")
class FolderApiController {

	private final FolderService folders;

	private final FolderListing listing;

	private final Trash trash;

	private final ZipDownload zips;

	FolderApiController(FolderService folders, FolderListing listing, Trash trash, ZipDownload zips) {
		this.zips = zips;
		this.trash = trash;
		this.folders = folders;
		this.listing = listing;
	}

	@ApiResponse(responseCode = "201", description = "The folder (Location: its address)")
	@ProblemResponse(status = 403, when = "parentId is a folder shared with you: making folders there is its owner's")
	@ProblemResponse(status = 404, when = "parentId is not one of your folders (nor shared with you)")
	@ProblemResponse(status = 409, when = "A file or folder of that name is there already")
	@PostMapping
	@Operation(operationId = "createFolder", summary = "Make a folder (in parentId, default root)")
	ResponseEntity<FolderResponse> create(CurrentUser current, @RequestBody(required = false) FolderRequest body) {
		if (body == null || body.name() == null) {
			throw new InvalidInputException("name", "Send {\"name\": \"folder name\", \"parentId\": \"root\"}.");
		}
		String parent = (body.parentId() != null) ? body.parentId() : FolderService.ROOT;
		FolderResponse created = FolderResponse.of(this.folders.create(current.id(), parent, body.name()));
		return ResponseEntity.created(URI.create("/api/v1/folders/" + created.id())).body(created);
	}

	@GetMapping("/{id}")
	@Operation(operationId = "getFolder", summary = "One folder (root: your top folder)")
	FolderResponse get(CurrentUser current, @PathVariable String id) {
		return FolderResponse.of(this.folders.access(current.id(), id).folder());
	}

	@ApiResponse(responseCode = "200", description = "The ZIP, streamed",
			content = @Content(mediaType = "application/zip", schema = @Schema(type = "string", format = "binary")))
	@GetMapping("/{id}/zip")
	@Operation(operationId = "downloadFolder",
			summary = "Download a folder with everything in it as one ZIP (paths inside it kept)")
	void zip(CurrentUser current, @PathVariable String id, HttpServletResponse response) throws IOException {
		this.zips.send(current.id(), List.of(), List.of(id), response);
	}

	@GetMapping("/{id}/entries")
	@Operation(operationId = "listFolder",
			summary = "A page of a folder: subfolders first, then files; pass next as cursor for the next page")
	FolderPageResponse entries(CurrentUser current, @PathVariable String id,
			@RequestParam(defaultValue = "name") String sort, @RequestParam(defaultValue = "asc") String order,
			@RequestParam(defaultValue = "" + FolderListing.DEFAULT_LIMIT) int limit,
			@RequestParam(required = false) String cursor) {
		return FolderPageResponse
			.of(this.listing.page(current.id(), id, sort, FileSort.requireValid(sort, order), cursor, limit));
	}

	@ProblemResponse(status = 403, when = "The folder is shared with you: this is its owner's")
	@ProblemResponse(status = 409,
			when = "A name taken in the destination, a move into itself or into a folder inside it, or your top folder")
	@PatchMapping("/{id}")
	@Operation(operationId = "updateFolder", summary = "Rename a folder and/or move it into another (parentId)")
	FolderResponse update(CurrentUser current, @PathVariable String id,
			@RequestBody(required = false) RenameRequest body) {
		if (body == null || (body.name() == null && body.parentId() == null)) {
			throw new InvalidInputException("name", "Send {\"name\": \"new name\"} and/or {\"parentId\": \"…\"}.");
		}
		return FolderResponse.of(this.folders.move(current.id(), id, body.parentId(), body.name()));
	}

	@ApiResponse(responseCode = "204", description = "Deleted (into the trash)")
	@ProblemResponse(status = 403, when = "The folder is shared with you: this is its owner's")
	@ProblemResponse(status = 409, when = "It is your top folder")
	@DeleteMapping("/{id}")
	@Operation(operationId = "deleteFolder",
			summary = "Delete a folder and everything in it (to the trash, unless the trash keeps nothing)")
	ResponseEntity<Void> delete(CurrentUser current, @PathVariable String id) {
		this.trash.deleteFolder(current.id(), id);
		return ResponseEntity.noContent().build();
	}

}
