package dev.coffer.server.files;

import java.util.function.Supplier;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import dev.coffer.server.DomainException;
import dev.coffer.server.OperationNotAllowedException;

/**
 * How every form on a folder of "My files" answers (new folder, rename, delete, share,
 * move a file): it posts, then goes back to a folder with its message (post, redirect,
 * get), as {@link FileDetailPage#submit} does for a file's page. A folder the user may
 * not see stays a 404 and an action their permission does not cover a 403; only what the
 * user can fix (a name taken, no such user) goes back as a message.
 */
@Component
public class FolderForms {

	/** What a form of ticked rows says when none is ticked; list.html shows the same. */
	static final String NOTHING_TICKED = "Choose at least one file or folder first.";

	private final FolderService folders;

	FolderForms(FolderService folders) {
		this.folders = folders;
	}

	/**
	 * Runs a form's action on {@code folderId} and goes back to the folder {@code back}
	 * with the message it returns (none for {@code null}: the action shows its own), or
	 * with the error it throws.
	 */
	public ModelAndView submit(String userId, String folderId, String back, RedirectAttributes redirect,
			Supplier<String> action) {
		return submit(userId, () -> this.folders.access(userId, folderId), back, redirect, action);
	}

	/**
	 * As {@link #submit(String, String, String, RedirectAttributes, Supplier)}, where
	 * {@code mustSee} throws the 404 for what the form acts on if the user may not see
	 * it.
	 */
	ModelAndView submit(String userId, Runnable mustSee, String back, RedirectAttributes redirect,
			Supplier<String> action) {
		try {
			String message = action.get();
			if (message != null) {
				redirect.addFlashAttribute("success", message);
			}
		}
		catch (DomainException ex) {
			mustSee.run();
			if (ex instanceof OperationNotAllowedException) {
				throw ex;
			}
			redirect.addFlashAttribute("error", ex.getMessage());
		}
		return new ModelAndView(redirectTo(userId, back));
	}

	/**
	 * Back to folder {@code folderId} with the message its page's script shows before
	 * posting (files.js), for the forms of ticked rows posted with none ticked.
	 */
	static ModelAndView nothingTicked(String userId, String folderId, RedirectAttributes redirect) {
		redirect.addFlashAttribute("error", NOTHING_TICKED);
		return new ModelAndView(redirectTo(userId, folderId));
	}

	/**
	 * Where the page goes after a form: the folder {@code folderId} of "My files" (just
	 * {@code /files} for the user's top one, so its messages show there).
	 */
	static String redirectTo(String userId, String folderId) {
		if (FolderService.ROOT.equals(folderId) || userId.equals(folderId)) {
			return "redirect:/files";
		}
		return "redirect:"
				+ UriComponentsBuilder.fromPath("/files").queryParam("folder", folderId).encode().build().toUriString();
	}

}
