package dev.coffer.server.sharing;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import dev.coffer.server.DomainException;
import dev.coffer.server.account.CurrentUser;

/**
 * The "Share this folder" form of a folder on "My files": grants, then goes back to the
 * folder with a message (post, redirect, get).
 */
@Controller
class FolderSharingController {

	private final FolderShareService shares;

	FolderSharingController(FolderShareService shares) {
		this.shares = shares;
	}

	@PostMapping("/files/folders/{id}/shares")
	ModelAndView share(CurrentUser current, @PathVariable String id, @RequestParam(defaultValue = "") String user,
			@RequestParam(defaultValue = "") String permission, RedirectAttributes redirect) {
		try {
			ShareService.Grant grant = this.shares.grant(current.id(), id, user, permission);
			redirect.addFlashAttribute("success", "Shared with " + grant.share().grantee() + " ("
					+ grant.share().permission().name().toLowerCase(java.util.Locale.ROOT) + ").");
		}
		catch (DomainException ex) {
			redirect.addFlashAttribute("error", ex.getMessage());
		}
		return new ModelAndView("redirect:"
				+ UriComponentsBuilder.fromPath("/files").queryParam("folder", id).encode().build().toUriString());
	}

}
