package dev.coffer.server.sharing.links;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.ModelAndView;

import dev.coffer.server.SizeFormatter;
import dev.coffer.server.files.FolderListing;
import dev.coffer.server.files.FolderPage;
import dev.coffer.server.sharing.secretlinks.SecretLinks;

/**
 * What a holder of a link to a folder sees at {@code /s/{token}} and below: the password
 * form while the link is locked, then the folder, one page of it at a time, with its
 * folders to open and its files to download, and the whole of it as a ZIP. Used by
 * {@link PublicLinkController} for the link's own address, which links to files share,
 * and by {@link PublicFolderLinkController} for the addresses below it.
 */
@Component
class FolderLinkVisits {

	static final String PAGE_VIEW = "links/folder";

	private static final int PAGE_SIZE = 100;

	private final FolderLinkService links;

	private final FolderListing listing;

	FolderLinkVisits(FolderLinkService links, FolderListing listing) {
		this.links = links;
		this.listing = listing;
	}

	/**
	 * The page of folder {@code folderId} ({@code null}: the linked folder), or the
	 * password form if the link is locked for this browser.
	 */
	ModelAndView page(String token, LinkedFolder linked, String folderId, String cursor, String error,
			HttpStatus status, HttpServletRequest request) {
		ModelAndView page = new ModelAndView(PAGE_VIEW, status);
		page.addObject("token", token);
		page.addObject("error", error);
		boolean unlocked = isUnlocked(linked, request);
		page.addObject("locked", !unlocked);
		page.addObject("name", linked.folderName());
		if (unlocked) {
			String top = linked.link().folderId();
			FolderPage shown = this.listing.pageWithin(top, (folderId != null) ? folderId : top, "name", false, cursor,
					PAGE_SIZE);
			page.addObject("folder", shown.folder().folder());
			page.addObject("path", shown.path());
			page.addObject("folders", shown.folders());
			page.addObject("files", shown.files());
			page.addObject("next", shown.next());
			page.addObject("sizes", new SizeFormatter());
			page.addObject("expiresAt", linked.link().expiresAt());
		}
		return page;
	}

	/**
	 * The password form's answer: the link unlocked for this browser, or the form again.
	 */
	ModelAndView unlock(String token, LinkedFolder linked, String password, HttpServletRequest request) {
		if (!linked.link().passwordProtected() || isUnlocked(linked, request)) {
			return new ModelAndView("redirect:/s/" + token);
		}
		if (!this.links.checkPassword(linked, password)) {
			return page(token, linked, null, null, "That password is not right.", HttpStatus.FORBIDDEN, request);
		}
		SecretLinks.unlock(request, linked.link().id());
		return new ModelAndView("redirect:/s/" + token);
	}

	static boolean isUnlocked(LinkedFolder linked, HttpServletRequest request) {
		return !linked.link().passwordProtected() || SecretLinks.isUnlocked(request, linked.link().id());
	}

}
