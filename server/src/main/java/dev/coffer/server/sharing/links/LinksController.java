package dev.coffer.server.sharing.links;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
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
import dev.coffer.server.sharing.secretlinks.CopyLinkPage;

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

	private final Clock clock;

	LinksController(ShareLinkService links, FileDetailPage filePage, Clock clock) {
		this.links = links;
		this.filePage = filePage;
		this.clock = clock;
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

	/**
	 * A link shown again, with a QR code, to whoever manages it. Someone else's file or
	 * link answers 404; a link that cannot be copied (made before that was possible, or
	 * revoked) answers 409 with a page that says so.
	 */
	@GetMapping("/files/{id}/links/{linkId}")
	ModelAndView copy(CurrentUser current, @PathVariable String id, @PathVariable String linkId) {
		IssuedShareLink copied = this.links.reveal(current, id, linkId);
		ShareLink link = copied.link();
		if (copied.token() == null) {
			throw ShareLinkService.notCopyable(link);
		}
		ShareLink.Status status = link.status(this.clock.instant());
		String explanation = "Anyone who has this link can download the file within its limits"
				+ (link.passwordProtected() ? ", once they enter its password." : ".")
				+ " Send it only to whoever should have it.";
		String note = switch (status) {
			case ACTIVE -> "Active" + ((link.expiresAt() != null) ? " until " + CopyLinkPage.utc(link.expiresAt()) : "")
					+ ((link.maxDownloads() != null) ? ", " + (link.maxDownloads() - link.used()) + " of "
							+ link.maxDownloads() + " downloads left." : ".");
			case EXPIRED -> "This link has expired: it no longer opens.";
			case EXHAUSTED -> "This link has used up its downloads: it no longer opens.";
			case VERSION_DELETED -> "The version this link serves was deleted: it no longer opens.";
			case REVOKED -> "This link was revoked: it no longer opens.";
		};
		return new CopyLinkPage("Public link to “" + copied.fileName() + "”", explanation,
				status == ShareLink.Status.ACTIVE, note, PublicLinkController.urlOf(copied.token()),
				"/files/" + id + "#" + FilePageForm.LINKS.tab().id(), "Back to the file")
			.view();
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
