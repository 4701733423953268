package dev.coffer.server.sharing.links;

import java.time.Clock;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.coffer.server.ConflictException;
import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.files.FolderForms;
import dev.coffer.server.sharing.secretlinks.CopyLinkPage;

/**
 * The "Public links" part of a folder's page on "My files": make a link (shown once on
 * the page the browser goes back to, and again later with its QR code), and revoke one.
 * Answers as the folder's other forms do ({@link FolderForms}).
 */
@Controller
class FolderLinksController {

	private final FolderLinkService links;

	private final FolderForms forms;

	private final Clock clock;

	FolderLinksController(FolderLinkService links, FolderForms forms, Clock clock) {
		this.links = links;
		this.forms = forms;
		this.clock = clock;
	}

	@PostMapping("/files/folders/{id}/links")
	ModelAndView create(CurrentUser current, @PathVariable String id, LinkForm form, RedirectAttributes redirect) {
		return this.forms.submit(current.id(), id, id, redirect, () -> {
			IssuedFolderLink issued = this.links.create(current, id,
					new LinkForm(form.expiresInDays(), form.password(), form.maxDownloads(), null).toRequest());
			redirect.addFlashAttribute("newFolderLinkUrl", PublicLinkController.urlOf(issued.token()));
			// The box holding the new link says it was made: one message, not two.
			return null;
		});
	}

	/**
	 * A link shown again, with a QR code, to the folder's owner. Someone else's folder or
	 * an unknown link answers 404; a revoked link, which has nothing to copy, 409.
	 */
	@GetMapping("/files/folders/{id}/links/{linkId}")
	ModelAndView copy(CurrentUser current, @PathVariable String id, @PathVariable String linkId) {
		IssuedFolderLink copied = this.links.reveal(current, id, linkId);
		FolderLink link = copied.link();
		if (copied.token() == null) {
			throw new ConflictException("This link was revoked: there is nothing to copy.");
		}
		ShareLink.Status status = link.status(this.clock.instant());
		String explanation = "Anyone who has this link can see everything in the folder and download it within "
				+ "the link's limits" + (link.passwordProtected() ? ", once they enter its password." : ".")
				+ " Send it only to whoever should have it.";
		String note = switch (status) {
			case ACTIVE -> "Active until " + CopyLinkPage.utc(link.expiresAt()) + ((link.maxDownloads() != null)
					? ", " + (link.maxDownloads() - link.used()) + " of " + link.maxDownloads() + " downloads left."
					: ".");
			case EXPIRED -> "This link has expired: it no longer opens.";
			case EXHAUSTED -> "This link has used up its downloads: it no longer opens.";
			// A folder link serves no version, so it is never VERSION_DELETED.
			case REVOKED, VERSION_DELETED -> "This link was revoked: it no longer opens.";
		};
		return new CopyLinkPage("Public link to the folder “" + copied.folderName() + "”", explanation,
				status == ShareLink.Status.ACTIVE, note, PublicLinkController.urlOf(copied.token()),
				"/files?folder=" + id, "Back to the folder")
			.view();
	}

	@PostMapping("/files/folders/{id}/links/{linkId}/revoke")
	ModelAndView revoke(CurrentUser current, @PathVariable String id, @PathVariable String linkId,
			RedirectAttributes redirect) {
		return this.forms.submit(current.id(), id, id, redirect, () -> {
			this.links.revoke(current, id, linkId);
			return "Link revoked. It answers “gone” from now on.";
		});
	}

}
