package dev.coffer.server.sharing;

import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.files.FileDetailPage;
import dev.coffer.server.files.FilePageForm;
import dev.coffer.server.SizeFormatter;

/**
 * The sharing forms on a file's page, and the "Shared with me" and "Shared by me" pages.
 * A form that fails sends the browser back to the file's page, which shows the error at
 * the form.
 */
@Controller
class SharingController {

	static final String SHARED_WITH_ME_VIEW = "sharing/shared-with-me";

	static final String SHARED_BY_ME_VIEW = "sharing/shared-by-me";

	private final ShareService shares;

	private final FileDetailPage detailPage;

	private final FolderShareService folderShares;

	SharingController(ShareService shares, FileDetailPage detailPage, FolderShareService folderShares) {
		this.folderShares = folderShares;
		this.shares = shares;
		this.detailPage = detailPage;
	}

	@PostMapping("/files/{id}/shares")
	ModelAndView share(CurrentUser current, @PathVariable String id, @RequestParam(defaultValue = "") String user,
			@RequestParam(defaultValue = "") String permission, RedirectAttributes redirect) {
		return grant(current, id, user, permission, FilePageForm.SHARE, redirect);
	}

	@PostMapping("/files/{id}/shares/{username}")
	ModelAndView change(CurrentUser current, @PathVariable String id, @PathVariable String username,
			@RequestParam(defaultValue = "") String permission, RedirectAttributes redirect) {
		return grant(current, id, username, permission, FilePageForm.SHARES, redirect);
	}

	@PostMapping("/files/{id}/shares/{username}/delete")
	ModelAndView revoke(CurrentUser current, @PathVariable String id, @PathVariable String username,
			RedirectAttributes redirect) {
		String user = current.id();
		return this.detailPage.submit(user, id, FilePageForm.SHARES, redirect, () -> {
			this.shares.revoke(user, id, username);
			return "No longer shared with " + username + ".";
		});
	}

	@GetMapping("/shared-with-me")
	ModelAndView sharedWithMe(CurrentUser current) {
		ModelAndView page = new ModelAndView(SHARED_WITH_ME_VIEW);
		page.addObject("files", this.shares.sharedWith(current.id()));
		page.addObject("folders", this.folderShares.sharedWith(current.id()));
		page.addObject("sizes", new SizeFormatter());
		return page;
	}

	@GetMapping("/shared-by-me")
	ModelAndView sharedByMe(CurrentUser current) {
		ModelAndView page = new ModelAndView(SHARED_BY_ME_VIEW);
		page.addObject("grants", this.shares.sharedBy(current.id()));
		page.addObject("folderGrants", this.folderShares.sharedBy(current.id()));
		return page;
	}

	private ModelAndView grant(CurrentUser current, String id, String who, String permission, FilePageForm form,
			RedirectAttributes redirect) {
		String user = current.id();
		return this.detailPage.submit(user, id, form, Map.of("user", who, "permission", permission), redirect, () -> {
			ShareService.Grant grant = this.shares.grant(user, id, who, permission);
			String level = grant.share().permission().name().toLowerCase(java.util.Locale.ROOT);
			return (grant.created() ? "Shared with " : "Changed the permission of ") + grant.share().grantee()
					+ (grant.created() ? " (" + level + ")." : " to " + level + ".");
		});
	}

}
