package dev.coffer.server.sharing.links;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.coffer.server.DomainException;
import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.files.FileDetailPage;

/**
 * The "Public links" section of a file's page: create and revoke; and the owner's choice
 * whether editors may make links. A new link is shown once, on the page the browser is
 * redirected to, like a new API token. Invalid input renders the file's page again with
 * the message and a 4xx status.
 */
@Controller
class LinksController {

	static final String SECTION = "links";

	private final ShareLinkService links;

	private final FileDetailPage filePage;

	LinksController(ShareLinkService links, FileDetailPage filePage) {
		this.links = links;
		this.filePage = filePage;
	}

	@PostMapping("/files/{id}/links")
	ModelAndView create(CurrentUser current, @PathVariable String id, LinkForm form, RedirectAttributes redirect) {
		try {
			IssuedShareLink issued = this.links.create(current, id, form.toRequest());
			redirect.addFlashAttribute("newLinkUrl", PublicLinkController.urlOf(issued.token()));
			return new ModelAndView("redirect:/files/" + id + "#" + SECTION);
		}
		catch (DomainException ex) {
			// Someone else's file is a 404 here too: render() does not find it either.
			return this.filePage.render(current.id(), id, ex);
		}
	}

	/** Lets the file's editors make links, or stops them (owner only). */
	@PostMapping("/files/{id}/link-policy")
	String setPolicy(CurrentUser current, @PathVariable String id,
			@RequestParam(defaultValue = "false") boolean editorsMayCreateLinks, RedirectAttributes redirect) {
		int revoked = this.links.setEditorsMayCreateLinks(current, id, editorsMayCreateLinks);
		String message = editorsMayCreateLinks ? "Editors of this file may now make public links."
				: "Only you can make public links to this file now." + ((revoked > 0)
						? " " + revoked + " link" + ((revoked == 1) ? "" : "s") + " made by editors revoked." : "");
		redirect.addFlashAttribute("success", message);
		return "redirect:/files/" + id + "#sharing";
	}

	/** Someone else's file or link answers 404, like one that does not exist. */
	@PostMapping("/files/{id}/links/{linkId}/revoke")
	String revoke(CurrentUser current, @PathVariable String id, @PathVariable String linkId,
			RedirectAttributes redirect) {
		this.links.revoke(current, id, linkId);
		redirect.addFlashAttribute("success", "Link revoked. It answers “gone” from now on.");
		return "redirect:/files/" + id + "#" + SECTION;
	}

}
