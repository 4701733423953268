package dev.coffer.server.files;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.coffer.server.InvalidInputException;
import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.files.Selections.Selection;
import dev.coffer.server.web.ProblemResponse;

/**
 * Moving and deleting many files and folders at once: from the ticked rows of a folder
 * page (the form that also makes ZIPs), and as {@code POST /api/v1/files/move} and
 * {@code POST /api/v1/files/delete}. All or nothing ({@link Selections}).
 */
@RestController
@Tag(name = "Files")
class SelectionController {

	private final Selections selections;

	private final Trash trash;

	private final FolderForms forms;

	SelectionController(Selections selections, Trash trash, FolderForms forms) {
		this.selections = selections;
		this.trash = trash;
		this.forms = forms;
	}

	/**
	 * Files and folders by id, and for a move where they go.
	 *
	 * @param ids file ids
	 * @param folderIds folder ids
	 * @param folderId the folder to move them into ({@code root} for the top folder)
	 */
	record SelectionRequest(List<String> ids, List<String> folderIds, String folderId) {
	}

	/** How many moved. */
	record MovedResponse(int moved) {
	}

	@ProblemResponse(status = 404, when = "An id, or folderId, is not one of yours: nothing moves")
	@ProblemResponse(status = 409,
			when = "Your top folder, a folder moved into itself, or a name taken in the destination: nothing moves")
	@ProblemResponse(status = 413, when = "More than 1,000 ids, or a body over 1 MiB")
	@PostMapping("/api/v1/files/move")
	@Operation(operationId = "moveMany",
			summary = "Move files (ids) and folders (folderIds) into one of your folders (folderId), all or none")
	MovedResponse moveApi(CurrentUser current, @RequestBody(required = false) SelectionRequest body) {
		SelectionRequest request = require(body);
		return new MovedResponse(this.selections.move(current.id(), new Selection(request.ids(), request.folderIds()),
				request.folderId()));
	}

	@ApiResponse(responseCode = "204", description = "Deleted (into the trash)")
	@ProblemResponse(status = 404, when = "An id is not one of yours: nothing is deleted")
	@ProblemResponse(status = 409, when = "Your top folder: nothing is deleted")
	@ProblemResponse(status = 413, when = "More than 1,000 ids, or a body over 1 MiB")
	@PostMapping("/api/v1/files/delete")
	@Operation(operationId = "deleteMany",
			summary = "Delete files (ids) and folders (folderIds), all or none: into the trash, "
					+ "unless the trash keeps nothing")
	ResponseEntity<Void> deleteApi(CurrentUser current, @RequestBody(required = false) SelectionRequest body) {
		SelectionRequest request = require(body);
		this.selections.delete(current.id(), new Selection(request.ids(), request.folderIds()));
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/files/selection/move")
	ModelAndView move(CurrentUser current, @RequestParam(name = "ids", required = false) List<String> ids,
			@RequestParam(name = "folderIds", required = false) List<String> folderIds,
			@RequestParam(name = "to", required = false) String to,
			@RequestParam(defaultValue = FolderService.ROOT) String from, RedirectAttributes redirect) {
		if (new Selection(ids, folderIds).size() == 0) {
			return FolderForms.nothingTicked(current.id(), from, redirect);
		}
		return this.forms.submit(current.id(), from, from, redirect, () -> {
			int moved = this.selections.move(current.id(), new Selection(ids, folderIds), to);
			return "Moved " + count(moved) + ".";
		});
	}

	@PostMapping("/files/selection/delete")
	ModelAndView delete(CurrentUser current, @RequestParam(name = "ids", required = false) List<String> ids,
			@RequestParam(name = "folderIds", required = false) List<String> folderIds,
			@RequestParam(defaultValue = FolderService.ROOT) String from, RedirectAttributes redirect) {
		if (new Selection(ids, folderIds).size() == 0) {
			return FolderForms.nothingTicked(current.id(), from, redirect);
		}
		return this.forms.submit(current.id(), from, from, redirect, () -> {
			int deleted = this.selections.delete(current.id(), new Selection(ids, folderIds));
			return this.trash.isKept() ? "Moved " + count(deleted) + " to the trash."
					: "Deleted " + count(deleted) + ".";
		});
	}

	private static String count(int items) {
		return (items == 1) ? "1 item" : items + " items";
	}

	private static SelectionRequest require(SelectionRequest body) {
		if (body == null) {
			throw new InvalidInputException("ids",
					"Send {\"ids\": [file ids], \"folderIds\": [folder ids]} (and \"folderId\" to move).");
		}
		return body;
	}

}
