package dev.coffer.server.sharing.requests;

import java.time.Clock;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.coffer.server.DomainException;
import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.files.FolderService;
import dev.coffer.server.InvalidInputException;
import dev.coffer.server.SizeFormatter;
import dev.coffer.server.sharing.secretlinks.CopyLinkPage;
import dev.coffer.server.web.ErrorResponses;

/**
 * The owner's pages: "Requests" (create a request link, list and revoke them) and
 * "Received" (what arrived through them, with the senders' details). A new link is shown
 * once, on the page the browser is redirected to, like an API token.
 */
@Controller
class FileRequestsController {

	static final String LIST_VIEW = "requests/list";

	static final String RECEIVED_VIEW = "requests/received";

	private final FileRequestService requests;

	private final Clock clock;

	private final FolderService folders;

	FileRequestsController(FileRequestService requests, Clock clock, FolderService folders) {
		this.folders = folders;
		this.requests = requests;
		this.clock = clock;
	}

	@GetMapping("/requests")
	ModelAndView list(CurrentUser current) {
		return listPage(current.id(), null, null, HttpStatus.OK);
	}

	@PostMapping("/requests")
	ModelAndView create(CurrentUser current, FileRequestForm form, RedirectAttributes redirect) {
		try {
			IssuedFileRequest issued = this.requests.create(current, form.title(), form.expiresInDays(),
					form.password(), form.maxFileCount(), form.maxBytes(), form.folder());
			redirect.addFlashAttribute("newRequestUrl", DropBoxController.urlOf(issued.token()));
			redirect.addFlashAttribute("newRequestTitle", issued.request().title());
			return new ModelAndView("redirect:/requests");
		}
		catch (DomainException ex) {
			return listPage(current.id(), form, ex, ErrorResponses.statusOf(ex));
		}
	}

	/** Someone else's request id answers 404, like an id that does not exist. */
	@PostMapping("/requests/{id}/revoke")
	String revoke(CurrentUser current, @PathVariable String id, RedirectAttributes redirect) {
		FileRequest revoked = this.requests.revoke(current, id);
		redirect.addFlashAttribute("success",
				"Request link “" + revoked.title() + "” revoked. It accepts no more files.");
		return "redirect:/requests";
	}

	/**
	 * A request link shown again, with a QR code, to its owner. Someone else's id answers
	 * 404; a link that cannot be copied (made before that was possible, or revoked)
	 * answers 409 with a page that says so.
	 */
	@GetMapping("/requests/{id}")
	ModelAndView copy(CurrentUser current, @PathVariable String id) {
		IssuedFileRequest revealed = this.requests.reveal(current, id);
		FileRequest request = revealed.request();
		if (revealed.token() == null) {
			throw FileRequestService.notCopyable(request);
		}
		FileRequest.Status status = request.status(this.clock.instant());
		String explanation = "Anyone who has this link can send you files"
				+ (request.passwordProtected() ? ", once they enter its password" : "")
				+ ", without an account; they cannot see or download anything.";
		String note = switch (status) {
			case OPEN -> "Open: " + request.filesLeft() + " more file" + ((request.filesLeft() == 1) ? "" : "s")
					+ ", up to " + new SizeFormatter().format(request.bytesLeft()) + " in all"
					+ ((request.expiresAt() != null) ? ", until " + CopyLinkPage.utc(request.expiresAt()) + "." : ".");
			case FULL -> "This link has received all the files it accepts: it takes no more.";
			case EXPIRED -> "This link has expired: it takes no more files.";
			case REVOKED -> "This link was revoked: it takes no more files.";
		};
		return new CopyLinkPage("Request link “" + request.title() + "”", explanation,
				status == FileRequest.Status.OPEN, note, DropBoxController.urlOf(revealed.token()), "/requests",
				"Back to your request links")
			.view();
	}

	@GetMapping("/requests/received")
	ModelAndView received(CurrentUser current) {
		ModelAndView page = new ModelAndView(RECEIVED_VIEW);
		page.addObject("received", this.requests.received(current.id()));
		page.addObject("sizes", new SizeFormatter());
		return page;
	}

	private ModelAndView listPage(String userId, FileRequestForm form, DomainException error, HttpStatusCode status) {
		ModelAndView page = new ModelAndView(LIST_VIEW, status);
		page.addObject("requests", this.requests.list(userId));
		page.addObject("now", this.clock.instant());
		page.addObject("sizes", new SizeFormatter());
		page.addObject("form", form);
		page.addObject("folderChoices", this.folders.choices(userId));
		if (error != null) {
			page.addObject("error", error.getMessage());
			page.addObject("errorField", (error instanceof InvalidInputException invalid) ? invalid.field() : null);
		}
		return page;
	}

}
