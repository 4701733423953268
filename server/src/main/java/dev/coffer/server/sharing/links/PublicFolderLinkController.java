package dev.coffer.server.sharing.links;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

import dev.coffer.server.files.ContentDownload;
import dev.coffer.server.files.FileService;
import dev.coffer.server.files.ReadableVersion;
import dev.coffer.server.files.ZipDownload;

/**
 * The addresses below a link to a folder, for whoever holds it, signed in or not:
 * {@code /s/{token}/folders/{id}} shows a folder inside the linked one,
 * {@code /s/{token}/files/{id}} downloads a file (with Range, as any download), and
 * {@code /s/{token}/zip} or {@code /s/{token}/folders/{id}/zip} streams a folder as one
 * ZIP. The link's own address is {@link PublicLinkController}'s.
 * <p>
 * Every request checks the link (revoked, expired, used up, folder in the trash: 410),
 * the password unlock of this browser (if not: back to the password form), and, through
 * the files package's one access policy, that what is asked for lies inside the linked
 * folder and not in the trash (if not: 404, as for anything that does not exist).
 */
@Controller
class PublicFolderLinkController {

	private final FolderLinkService links;

	private final FolderLinkVisits visits;

	private final FileService files;

	private final ContentDownload downloads;

	private final ZipDownload zips;

	PublicFolderLinkController(FolderLinkService links, FolderLinkVisits visits, FileService files,
			ContentDownload downloads, ZipDownload zips) {
		this.links = links;
		this.visits = visits;
		this.files = files;
		this.downloads = downloads;
		this.zips = zips;
	}

	@GetMapping("/s/{token}/folders/{folderId}")
	ModelAndView folder(@PathVariable String token, @PathVariable String folderId,
			@RequestParam(required = false) String cursor, HttpServletRequest request) {
		LinkedFolder linked = open(token);
		if (!FolderLinkVisits.isUnlocked(linked, request)) {
			return new ModelAndView("redirect:/s/" + token);
		}
		return this.visits.page(token, linked, folderId, cursor, null, HttpStatus.OK, request);
	}

	@GetMapping("/s/{token}/files/{fileId}")
	void file(@PathVariable String token, @PathVariable String fileId, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		LinkedFolder linked = openUnlocked(token, request, response);
		if (linked == null) {
			return;
		}
		ReadableVersion readable = this.files.readableWithin(linked.link().folderId(), fileId);
		this.links.startDownload(linked, ContentDownload.countsAsDownload(request, readable.version()),
				"file " + fileId + ", version " + readable.version().number());
		this.downloads.sendToVisitor(readable, request, response);
	}

	@GetMapping("/s/{token}/zip")
	void zip(@PathVariable String token, HttpServletRequest request, HttpServletResponse response) throws IOException {
		zip(token, null, request, response);
	}

	@GetMapping("/s/{token}/folders/{folderId}/zip")
	void zip(@PathVariable String token, @PathVariable String folderId, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		LinkedFolder linked = openUnlocked(token, request, response);
		if (linked == null) {
			return;
		}
		String top = linked.link().folderId();
		String folder = (folderId != null) ? folderId : top;
		this.zips.sendWithin(top, folder, "through folder link " + linked.link().id(),
				() -> this.links.startDownload(linked, !"HEAD".equals(request.getMethod()), "ZIP of folder " + folder),
				response);
	}

	/** The link behind the token, if it still serves its folder; 404 for no such link. */
	private LinkedFolder open(String token) {
		return this.links.requireActive(this.links.find(token).orElseThrow(ShareLinkService::noSuchLink));
	}

	/**
	 * As {@link #open}, for a download: the link if this browser has unlocked it, or null
	 * once the answer is a redirect (303) to the link's password form.
	 */
	private LinkedFolder openUnlocked(String token, HttpServletRequest request, HttpServletResponse response) {
		LinkedFolder linked = open(token);
		if (FolderLinkVisits.isUnlocked(linked, request)) {
			return linked;
		}
		response.setStatus(HttpStatus.SEE_OTHER.value());
		response.setHeader(HttpHeaders.LOCATION, PublicLinkController.urlOf(token));
		return null;
	}

}
