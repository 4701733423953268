package dev.coffer.server.sharing;

import java.util.Locale;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.files.FolderForms;

/**
 * The "Share this folder" form of a folder on "My files": grants, then goes back to the
 * folder with a message, as the folder's other forms do ({@link FolderForms}).
 */
@Controller
class FolderSharingController {

	private final FolderShareService shares;

	private final FolderForms forms;

	FolderSharingController(FolderShareService shares, FolderForms forms) {
		this.shares = shares;
		this.forms = forms;
	}

	@PostMapping("/files/folders/{id}/shares")
	ModelAndView share(CurrentUser current, @PathVariable String id, @RequestParam(defaultValue = "") String user,
			@RequestParam(defaultValue = "") String permission, RedirectAttributes redirect) {
		return this.forms.submit(current.id(), id, id, redirect, () -> {
			ShareService.Grant grant = this.shares.grant(current.id(), id, user, permission);
			return "Shared with " + grant.share().grantee() + " ("
					+ grant.share().permission().name().toLowerCase(Locale.ROOT) + ").";
		});
	}

	/** The revoke button of a row of the folder's shares. */
	@PostMapping("/files/folders/{id}/shares/{username}/delete")
	ModelAndView revoke(CurrentUser current, @PathVariable String id, @PathVariable String username,
			RedirectAttributes redirect) {
		return this.forms.submit(current.id(), id, id, redirect, () -> {
			this.shares.revoke(current.id(), id, username);
			return "Stopped sharing this folder with " + username + ".";
		});
	}

}
