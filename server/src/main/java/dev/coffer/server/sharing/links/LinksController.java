package dev.coffer.server.sharing.links;

import java.util.HashMap;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.coffer.server.DomainException;
import dev.coffer.server.NotFoundException;
import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.files.FileDetailPage;
import dev.coffer.server.files.FilePageForm;

/**
 * The "Public links" section of a file's page: create and revoke; and the owner's choice
 * whether editors may make links. A new link is shown once, on the page the browser is
 * redirected to, like a new API token. Invalid input sends the browser back to the form,
 * which shows the error next to the field with what was typed (but never the password).
 */
@Controller
class LinksController {

	private final ShareLinkService links;

	private final FileDetailPage filePage;

	LinksController(ShareLinkService links, FileDetailPage filePage) {
		this.links = links;
		this.filePage = filePage;
	}

	@PostMapping("/files/{id}/links")
	ModelAndView create(CurrentUser current, @PathVariable String id, LinkForm form, RedirectAttributes redirect) {
		Map<String, String> typed = new HashMap<>();
		typed.put("expiresInDays", form.expiresInDays());
		typed.put("maxDownloads", form.maxDownloads());
		typed.put("version", form.version());
		// Someone else's file is a 404 here too: the page does not find it either.
		return this.filePage.submit(current.id(), id, FilePageForm.LINK, typed, redirect, () -> {
			IssuedShareLink issued = this.links.create(current, id, form.toRequest());
			redirect.addFlashAttribute("newLinkUrl", PublicLinkController.urlOf(issued.token()));
			return null;
		});
	}

	/** Lets the file's editors make links, or stops them (owner only). */
	@PostMapping("/files/{id}/link-policy")
	ModelAndView setPolicy(CurrentUser current, @PathVariable String id,
			@RequestParam(defaultValue = "false") boolean editorsMayCreateLinks, RedirectAttributes redirect) {
		return this.filePage.submit(current.id(), id, FilePageForm.LINK_POLICY, redirect, () -> {
			int revoked = this.links.setEditorsMayCreateLinks(current, id, editorsMayCreateLinks);
			return editorsMayCreateLinks ? "Editors of this file may now make public links."
					: "Only you can make public links to this file now." + ((revoked > 0)
							? " " + revoked + " link" + ((revoked == 1) ? "" : "s") + " made by editors revoked." : "");
		});
	}

	/** Someone else's file or link answers 404, like one that does not exist. */
	@PostMapping("/files/{id}/links/{linkId}/revoke")
	ModelAndView revoke(CurrentUser current, @PathVariable String id, @PathVariable String linkId,
			RedirectAttributes redirect) {
		String user = current.id();
		try {
			this.links.revoke(current, id, linkId);
		}
		catch (NotFoundException ex) {
			throw ex; // an unknown link stays a 404, like an unknown file
		}
		catch (DomainException ex) {
			return this.filePage.failed(user, id, FilePageForm.LINKS, Map.of(), ex, redirect);
		}
		redirect.addFlashAttribute("success", "Link revoked. It answers “gone” from now on.");
		return new ModelAndView("redirect:/files/" + id + "#" + FilePageForm.LINKS.tab().id());
	}

}
