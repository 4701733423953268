package dev.coffer.server.files;

import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.coffer.server.account.CurrentUser;

/**
 * The folder forms of "My files": new folder, rename, delete, and moving a file into
 * another folder. Each posts, then goes back to a folder with a message
 * ({@link FolderForms}); they work without script, and static/js/folders.js adds dragging
 * a file onto a folder, through the REST API.
 */
@Controller
class FoldersController {

	private final FolderService folders;

	private final FileService files;

	private final FolderForms forms;

	private final Trash trash;

	FoldersController(FolderService folders, FileService files, FolderForms forms, Trash trash) {
		this.trash = trash;
		this.folders = folders;
		this.files = files;
		this.forms = forms;
	}

	/** A folder a file on the page can be moved to, as the move form offers it. */
	record MoveTarget(String id, String label) {
	}

	@PostMapping("/files/folders")
	ModelAndView create(CurrentUser current, @RequestParam(defaultValue = FolderService.ROOT) String parent,
			@RequestParam(defaultValue = "") String name, RedirectAttributes redirect) {
		return this.forms.submit(current.id(), parent, parent, redirect, () -> {
			Folder made = this.folders.create(current.id(), parent, name);
			return "Made the folder \"" + made.name() + "\".";
		});
	}

	@PostMapping("/files/folders/{id}/rename")
	ModelAndView rename(CurrentUser current, @PathVariable String id, @RequestParam(defaultValue = "") String name,
			RedirectAttributes redirect) {
		return this.forms.submit(current.id(), id, id, redirect,
				() -> "Renamed to \"" + this.folders.move(current.id(), id, null, name).name() + "\".");
	}

	@PostMapping("/files/folders/{id}/delete")
	ModelAndView delete(CurrentUser current, @PathVariable String id, RedirectAttributes redirect) {
		String parent = this.folders.access(current.id(), id).folder().parentId();
		return this.forms.submit(current.id(), id, (parent != null) ? parent : FolderService.ROOT, redirect, () -> {
			String name = this.trash.deleteFolder(current.id(), id).name();
			return this.trash.isKept() ? "Moved the folder \"" + name + "\" and everything in it to the trash."
					: "Deleted the folder \"" + name + "\" and everything in it.";
		});
	}

	@PostMapping("/files/{id}/move")
	ModelAndView moveFile(CurrentUser current, @PathVariable String id,
			@RequestParam(defaultValue = FolderService.ROOT) String folder,
			@RequestParam(defaultValue = FolderService.ROOT) String from, RedirectAttributes redirect) {
		return this.forms.submit(current.id(), () -> this.files.access(current.id(), id), from, redirect, () -> {
			StoredFile moved = this.files.move(current.id(), id, folder, null);
			String where = this.folders.access(current.id(), moved.folderId()).folder().name();
			return "Moved \"" + moved.name() + "\" to " + (where.isEmpty() ? "your top folder" : "\"" + where + "\"")
					+ ".";
		});
	}

	/**
	 * Every folder of the owner's but the one shown, by path: what "Move selected to" and
	 * each file's own Move menu offer, alike. Empty for a folder shared with the viewer,
	 * whose entries they cannot move.
	 */
	static List<MoveTarget> moveTargets(FolderPage page, List<FolderService.FolderChoice> choices) {
		if (!page.folder().isOwner()) {
			return List.of();
		}
		return choices.stream()
			.filter((choice) -> !choice.id().equals(page.folder().folder().id()))
			.map((choice) -> new MoveTarget(choice.id(), choice.path().isEmpty() ? "My files" : choice.path()))
			.toList();
	}

}
