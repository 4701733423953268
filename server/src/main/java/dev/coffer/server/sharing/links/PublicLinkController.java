package dev.coffer.server.sharing.links;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.coffer.server.files.ContentDownload;
import dev.coffer.server.files.FileVersion;
import dev.coffer.server.Sizes;
import dev.coffer.server.sharing.secretlinks.SecretLinks;

/**
 * What a link holder sees, without signing in: {@code /s/{token}} shows the file's name,
 * size and SHA-256 and a download button; {@code /s/{token}/download} streams it, with
 * Range support, exactly like an owner download.
 * <p>
 * A password-protected link first shows a password form (a POST with the session's CSRF
 * token). The right password unlocks the link for this browser session: the link's id is
 * remembered in the session, whose id is changed at that moment. Revoking, expiry and
 * limits are still checked on every request.
 * <p>
 * What counts as a download: a GET that sends the content from byte 0 (no Range, or one
 * starting at 0, or one the server answers with the whole content). A Range that starts
 * later continues a download and is not counted, but the link must still be usable, so
 * the last allowed download of a limited link cannot be resumed once it has begun.
 * <p>
 * A link to a folder has the same address: its page and password form are
 * {@link FolderLinkVisits}', the addresses below it {@link PublicFolderLinkController}'s.
 */
@Controller
class PublicLinkController {

	static final String PAGE_VIEW = "links/public";

	private final ShareLinkService links;

	private final ContentDownload downloads;

	private final FolderLinkService folderLinks;

	private final FolderLinkVisits folderVisits;

	PublicLinkController(ShareLinkService links, ContentDownload downloads, FolderLinkService folderLinks,
			FolderLinkVisits folderVisits) {
		this.links = links;
		this.downloads = downloads;
		this.folderLinks = folderLinks;
		this.folderVisits = folderVisits;
	}

	/** The public address of the link with this token, for the request being served. */
	static String urlOf(String token) {
		return ServletUriComponentsBuilder.fromCurrentContextPath()
			.path("/s/{token}")
			.buildAndExpand(token)
			.toUriString();
	}

	/** The link's page: a file's, or the top of a folder's ({@link FolderLinkVisits}). */
	@GetMapping("/s/{token}")
	ModelAndView page(@PathVariable String token, @RequestParam(required = false) String cursor,
			HttpServletRequest request) {
		Optional<LinkedFolder> folder = this.folderLinks.find(token);
		if (folder.isPresent()) {
			return this.folderVisits.page(token, this.folderLinks.requireActive(folder.get()), null, cursor, null,
					HttpStatus.OK, request);
		}
		LinkedFile linked = this.links.open(token);
		return page(token, linked, request, null, HttpStatus.OK);
	}

	@PostMapping("/s/{token}")
	ModelAndView unlock(@PathVariable String token, @RequestParam(defaultValue = "") String password,
			HttpServletRequest request) {
		Optional<LinkedFolder> folder = this.folderLinks.find(token);
		if (folder.isPresent()) {
			return this.folderVisits.unlock(token, this.folderLinks.requireActive(folder.get()), password, request);
		}
		LinkedFile linked = this.links.open(token);
		if (!linked.link().passwordProtected() || isUnlocked(linked, request)) {
			return new ModelAndView("redirect:/s/" + token);
		}
		if (!this.links.checkPassword(linked, password)) {
			return page(token, linked, request, "That password is not right.", HttpStatus.FORBIDDEN);
		}
		SecretLinks.unlock(request, linked.link().id());
		return new ModelAndView("redirect:/s/" + token);
	}

	@GetMapping("/s/{token}/download")
	void download(@PathVariable String token, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		LinkedFile linked = this.links.open(token);
		if (!isUnlocked(linked, request)) {
			response.setStatus(HttpStatus.SEE_OTHER.value());
			response.setHeader(HttpHeaders.LOCATION, urlOf(token));
			return;
		}
		FileVersion version = this.links.startDownload(linked, (v) -> ContentDownload.countsAsDownload(request, v));
		this.downloads.send(linked.fileName(), version, request, response);
	}

	private ModelAndView page(String token, LinkedFile linked, HttpServletRequest request, String error,
			HttpStatus status) {
		ModelAndView page = new ModelAndView(PAGE_VIEW, status);
		page.addObject("token", token);
		page.addObject("error", error);
		boolean unlocked = isUnlocked(linked, request);
		page.addObject("locked", !unlocked);
		if (unlocked) {
			FileVersion version = this.links.currentVersion(linked);
			page.addObject("name", linked.fileName());
			page.addObject("size", version.size());
			page.addObject("sizeText", Sizes.formatWithBytes(version.size()));
			page.addObject("sha256", version.sha256());
			page.addObject("expiresAt", linked.link().expiresAt());
		}
		return page;
	}

	private static boolean isUnlocked(LinkedFile linked, HttpServletRequest request) {
		if (!linked.link().passwordProtected()) {
			return true;
		}
		return SecretLinks.isUnlocked(request, linked.link().id());
	}

}
