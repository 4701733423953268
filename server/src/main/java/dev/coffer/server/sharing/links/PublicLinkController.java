package dev.coffer.server.sharing.links;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.coffer.server.files.ContentDownload;
import dev.coffer.server.files.FileVersion;
import dev.coffer.server.files.Sizes;

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
 */
@Controller
class PublicLinkController {

	static final String PAGE_VIEW = "links/public";

	static final String GONE_VIEW = "links/gone";

	/** Link ids unlocked with their password in this session. */
	static final String UNLOCKED = "coffer.links.unlocked";

	private final ShareLinkService links;

	private final ContentDownload downloads;

	PublicLinkController(ShareLinkService links, ContentDownload downloads) {
		this.links = links;
		this.downloads = downloads;
	}

	/** The public address of the link with this token, for the request being served. */
	static String urlOf(String token) {
		return ServletUriComponentsBuilder.fromCurrentContextPath()
			.path("/s/{token}")
			.buildAndExpand(token)
			.toUriString();
	}

	@GetMapping("/s/{token}")
	ModelAndView page(@PathVariable String token, HttpServletRequest request) {
		LinkedFile linked = this.links.open(token);
		return page(token, linked, request, null, HttpStatus.OK);
	}

	@PostMapping("/s/{token}")
	ModelAndView unlock(@PathVariable String token, @RequestParam(defaultValue = "") String password,
			HttpServletRequest request) {
		LinkedFile linked = this.links.open(token);
		if (!linked.link().passwordProtected() || isUnlocked(linked, request)) {
			return new ModelAndView("redirect:/s/" + token);
		}
		if (!this.links.checkPassword(linked, password)) {
			return page(token, linked, request, "That password is not right.", HttpStatus.FORBIDDEN);
		}
		HttpSession session = request.getSession();
		@SuppressWarnings("unchecked")
		Set<String> before = (Set<String>) session.getAttribute(UNLOCKED);
		Set<String> unlocked = (before != null) ? new HashSet<>(before) : new HashSet<>();
		unlocked.add(linked.link().id());
		session.setAttribute(UNLOCKED, unlocked);
		request.changeSessionId(); // more rights for this session: a new id
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
		boolean head = "HEAD".equals(request.getMethod());
		FileVersion version = this.links.startDownload(linked, (v) -> !head && startsAtZero(request, v));
		this.downloads.send(linked.fileName(), version, request, response);
	}

	/** Expired, revoked, used up: a plain page, 410. */
	@ExceptionHandler(LinkGoneException.class)
	ModelAndView gone(LinkGoneException ex) {
		ModelAndView page = new ModelAndView(GONE_VIEW, HttpStatus.GONE);
		page.addObject("detail", ex.getMessage());
		return page;
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
		HttpSession session = request.getSession(false);
		return session != null && session.getAttribute(UNLOCKED) instanceof Set<?> unlocked
				&& unlocked.contains(linked.link().id());
	}

	/**
	 * Whether the answer will carry the content from its first byte, by the same rules as
	 * {@link ContentDownload}: no Range, a stale If-Range, a malformed or multiple Range,
	 * or one range that starts at 0.
	 */
	static boolean startsAtZero(HttpServletRequest request, FileVersion version) {
		String header = request.getHeader(HttpHeaders.RANGE);
		if (header == null) {
			return true;
		}
		String ifRange = request.getHeader(HttpHeaders.IF_RANGE);
		if (ifRange != null && !ifRange.equals("\"" + version.sha256() + "\"")) {
			return true;
		}
		try {
			List<HttpRange> ranges = HttpRange.parseRanges(header);
			return ranges.size() != 1 || ranges.getFirst().getRangeStart(version.size()) == 0;
		}
		catch (IllegalArgumentException ex) {
			return true;
		}
	}

}
