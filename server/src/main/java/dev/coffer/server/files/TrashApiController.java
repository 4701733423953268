package dev.coffer.server.files;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.files.TrashEntry.Kind;

/**
 * The caller's trash ({@code /api/v1/trash}): list it, restore an entry, delete one for
 * good, or empty it. Entries are addressed as {@code files/{id}} or {@code folders/{id}};
 * anything not in the caller's own trash is a 404. See docs/API.md.
 */
@RestController
@RequestMapping("/api/v1/trash")
@Tag(name = "Trash", description = "Deleted files and folders: list, restore, delete for good")
class TrashApiController {

	private final Trash trash;

	TrashApiController(Trash trash) {
		this.trash = trash;
	}

	/**
	 * An entry of the trash.
	 *
	 * @param type {@code file} or {@code folder}
	 * @param folderId the folder it was deleted from (where a restore puts it back if
	 * that folder is still there)
	 * @param size a file's bytes, all versions counted; for a folder, those of every file
	 * it holds
	 * @param deletedForGoodAt when the trash deletes it for good
	 */
	record TrashEntryResponse(String type, String id, String name, String folderId, Long size, Instant deletedAt,
			Instant deletedForGoodAt) {
	}

	/** Where a restored entry is now. */
	record RestoredResponse(String type, String id, String name, String folderId) {
	}

	@GetMapping
	@Operation(operationId = "listTrash", summary = "What is in your trash, most recently deleted first")
	List<TrashEntryResponse> list(CurrentUser current) {
		return this.trash.list(current.id()).stream().map(this::response).toList();
	}

	@PostMapping("/{kind}/{id}/restore")
	@Operation(operationId = "restoreFromTrash",
			summary = "Put a file or folder back where it was (or into your top folder if that is gone); "
					+ "a name taken there meanwhile gets \" (restored)\"")
	RestoredResponse restore(CurrentUser current, @PathVariable String kind, @PathVariable String id) {
		TrashEntry restored = this.trash.restore(current.id(), Kind.fromPath(kind), id).entry();
		return new RestoredResponse(type(restored), restored.id(), restored.name(), restored.folderId());
	}

	@ApiResponse(responseCode = "204", description = "Deleted for good")
	@DeleteMapping("/{kind}/{id}")
	@Operation(operationId = "deleteFromTrash", summary = "Delete a file or folder in your trash for good")
	ResponseEntity<Void> deleteForever(CurrentUser current, @PathVariable String kind, @PathVariable String id) {
		this.trash.deleteForever(current.id(), Kind.fromPath(kind), id);
		return ResponseEntity.noContent().build();
	}

	@ApiResponse(responseCode = "204", description = "The trash is empty")
	@DeleteMapping
	@Operation(operationId = "emptyTrash", summary = "Delete everything in your trash for good")
	ResponseEntity<Void> empty(CurrentUser current) {
		this.trash.empty(current.id());
		return ResponseEntity.noContent().build();
	}

	private TrashEntryResponse response(TrashEntry entry) {
		return new TrashEntryResponse(type(entry), entry.id(), entry.name(), entry.folderId(), entry.size(),
				entry.trashedAt(), this.trash.deletedForGoodAt(entry));
	}

	private static String type(TrashEntry entry) {
		return entry.kind().name().toLowerCase(java.util.Locale.ROOT);
	}

}
