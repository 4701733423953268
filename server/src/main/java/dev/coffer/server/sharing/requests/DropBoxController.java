package dev.coffer.server.sharing.requests;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.coffer.server.CofferProperties;
import dev.coffer.server.DomainException;
import dev.coffer.server.Sizes;
import dev.coffer.server.sharing.secretlinks.SecretLinks;
import dev.coffer.server.web.ErrorResponses;

/**
 * The public page of a request link, {@code /r/{token}}: no sign-in, a form for files and
 * the sender's name, e-mail and message. Anti-bot measures: a honeypot field (see
 * {@link DropBox}), a minimum time between showing the form and posting it, and a limit
 * on posts per client address ({@link DropBoxSession}). A password-protected link asks
 * for its password first; a right one unlocks the link for the session. Large files go
 * through {@link DropBoxUploadController} instead of the form post.
 */
@Controller
class DropBoxController {

	static final String FORM_VIEW = "requests/drop";

	static final String UNLOCK_VIEW = "requests/unlock";

	static final String SENT_VIEW = "requests/sent";

	private final FileRequestService requests;

	private final DropBox dropBox;

	private final DropBoxSession session;

	private final long resumableUploadBytes;

	DropBoxController(FileRequestService requests, DropBox dropBox, DropBoxSession session, CofferProperties coffer) {
		this.requests = requests;
		this.dropBox = dropBox;
		this.session = session;
		this.resumableUploadBytes = coffer.files().resumableUploadThreshold().toBytes();
	}

	/** The full address of the request link with this token, on this server. */
	static String urlOf(String token) {
		return ServletUriComponentsBuilder.fromCurrentContextPath()
			.path("/r/{token}")
			.buildAndExpand(token)
			.toUriString();
	}

	@GetMapping("/r/{token}")
	ModelAndView form(@PathVariable String token, HttpServletRequest http) {
		FileRequest request = this.requests.open(token);
		if (this.session.isLocked(request, http)) {
			return unlockPage(request, token, null, HttpStatus.OK);
		}
		this.session.formShown(request, http);
		return formPage(request, token, Map.of(), null, HttpStatus.OK);
	}

	@PostMapping("/r/{token}/unlock")
	ModelAndView unlock(@PathVariable String token, @RequestParam(defaultValue = "") String password,
			HttpServletRequest http) {
		FileRequest request = this.requests.open(token);
		if (!request.passwordProtected()) {
			return new ModelAndView("redirect:/r/" + token);
		}
		if (!this.requests.checkPassword(request, password, http.getRemoteAddr())) {
			return unlockPage(request, token, "That is not the password of this request link.", HttpStatus.FORBIDDEN);
		}
		SecretLinks.unlock(http, request.id());
		return new ModelAndView("redirect:/r/" + token);
	}

	@PostMapping("/r/{token}")
	ModelAndView send(@PathVariable String token, HttpServletRequest http, RedirectAttributes redirect)
			throws IOException {
		this.session.countPost(http);
		FileRequest request = this.requests.open(token);
		if (this.session.isLocked(request, http)) {
			return unlockPage(request, token, "Enter the password of this request link first.", HttpStatus.FORBIDDEN);
		}
		Map<String, String> typed = new LinkedHashMap<>();
		try {
			this.session.requireMinimumFillTime(request, http);
			List<DropBox.Delivered> delivered = this.dropBox.receive(request, http, typed);
			this.session.formSent(request, http);
			redirect.addFlashAttribute("delivered", delivered.size());
			return new ModelAndView("redirect:/r/" + token + "/sent");
		}
		catch (RequestClosedException ex) {
			throw ex;
		}
		catch (DomainException ex) {
			return formPage(request, token, typed, ex.getMessage(), ErrorResponses.statusOf(ex));
		}
	}

	@GetMapping("/r/{token}/sent")
	ModelAndView sent(@PathVariable String token) {
		FileRequest request = this.requests.find(token);
		ModelAndView page = new ModelAndView(SENT_VIEW);
		page.addObject("request", request);
		page.addObject("token", token);
		return page;
	}

	private ModelAndView formPage(FileRequest request, String token, Map<String, String> typed, String error,
			HttpStatusCode status) {
		ModelAndView page = new ModelAndView(FORM_VIEW, status);
		page.addObject("request", request);
		page.addObject("token", token);
		page.addObject("typed", typed);
		page.addObject("error", error);
		page.addObject("maxFileBytes", request.bytesLeft());
		page.addObject("bytesLeft", Sizes.formatAtMost(request.bytesLeft()));
		page.addObject("resumableUploadBytes", this.resumableUploadBytes);
		return page;
	}

	private static ModelAndView unlockPage(FileRequest request, String token, String error, HttpStatusCode status) {
		ModelAndView page = new ModelAndView(UNLOCK_VIEW, status);
		page.addObject("request", request);
		page.addObject("token", token);
		page.addObject("error", error);
		return page;
	}

}
