package dev.coffer.server.files;

import java.io.IOException;
import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.coffer.server.CofferProperties;
import dev.coffer.server.DomainException;
import dev.coffer.server.account.AccountService;
import dev.coffer.server.web.ErrorResponses;

/**
 * The "My files" pages. Uploads from the page normally go through the REST API with a
 * progress bar (static/js/files.js); the multipart forms here are the same actions for
 * browsers without JavaScript.
 */
@Controller
class FilesController {

	static final String LIST_VIEW = "files/list";

	static final String DETAIL_VIEW = "files/detail";

	private final FileService files;

	private final AccountService accounts;

	private final CofferProperties coffer;

	FilesController(FileService files, AccountService accounts, CofferProperties coffer) {
		this.files = files;
		this.accounts = accounts;
		this.coffer = coffer;
	}

	@GetMapping("/files")
	ModelAndView list(Principal principal, @RequestParam(required = false) String q,
			@RequestParam(defaultValue = "name") String sort, @RequestParam(defaultValue = "asc") String order) {
		return listPage(owner(principal), q, sort, order, null, HttpStatus.OK);
	}

	@PostMapping("/files")
	ModelAndView upload(Principal principal, HttpServletRequest request, RedirectAttributes redirect)
			throws IOException {
		String owner = owner(principal);
		try {
			this.files.checkDeclaredSize(owner, request.getContentLengthLong());
			int count = UploadBodies.eachFilePart(request, (name, content) -> this.files.upload(owner, name, content));
			redirect.addFlashAttribute("success", (count == 1) ? "Uploaded 1 file." : "Uploaded " + count + " files.");
			return new ModelAndView("redirect:/files");
		}
		catch (DomainException ex) {
			return listPage(owner, null, "name", "asc", ex.getMessage(), ErrorResponses.statusOf(ex));
		}
	}

	@GetMapping("/files/{id}")
	ModelAndView detail(Principal principal, @PathVariable String id) {
		return detailPage(owner(principal), id, null, HttpStatus.OK);
	}

	@PostMapping("/files/{id}/versions")
	ModelAndView uploadVersion(Principal principal, @PathVariable String id, HttpServletRequest request,
			RedirectAttributes redirect) throws IOException {
		String owner = owner(principal);
		try {
			this.files.get(owner, id);
			this.files.checkDeclaredSize(owner, request.getContentLengthLong());
			UploadBodies.eachFilePart(request, (name, content) -> this.files.uploadVersion(owner, id, content));
			redirect.addFlashAttribute("success", "New version uploaded.");
			return new ModelAndView("redirect:/files/" + id);
		}
		catch (DomainException ex) {
			return detailPage(owner, id, ex.getMessage(), ErrorResponses.statusOf(ex));
		}
	}

	@PostMapping("/files/{id}/versions/{number}/restore")
	ModelAndView restore(Principal principal, @PathVariable String id, @PathVariable int number,
			RedirectAttributes redirect) throws IOException {
		String owner = owner(principal);
		try {
			StoredFile file = this.files.restore(owner, id, number);
			redirect.addFlashAttribute("success",
					"Version " + number + " restored as version " + file.currentVersion() + ".");
			return new ModelAndView("redirect:/files/" + id);
		}
		catch (DomainException ex) {
			return detailPage(owner, id, ex.getMessage(), ErrorResponses.statusOf(ex));
		}
	}

	@PostMapping("/files/{id}/versions/{number}/delete")
	ModelAndView deleteVersion(Principal principal, @PathVariable String id, @PathVariable int number,
			RedirectAttributes redirect) {
		String owner = owner(principal);
		try {
			this.files.deleteVersion(owner, id, number);
			redirect.addFlashAttribute("success", "Version " + number + " deleted.");
			return new ModelAndView("redirect:/files/" + id);
		}
		catch (DomainException ex) {
			return detailPage(owner, id, ex.getMessage(), ErrorResponses.statusOf(ex));
		}
	}

	@PostMapping("/files/{id}/rename")
	ModelAndView rename(Principal principal, @PathVariable String id, @RequestParam(defaultValue = "") String name,
			RedirectAttributes redirect) {
		String owner = owner(principal);
		try {
			StoredFile file = this.files.rename(owner, id, name);
			redirect.addFlashAttribute("success", "Renamed to \"" + file.name() + "\".");
			return new ModelAndView("redirect:/files/" + id);
		}
		catch (DomainException ex) {
			return detailPage(owner, id, ex.getMessage(), ErrorResponses.statusOf(ex));
		}
	}

	@PostMapping("/files/{id}/delete")
	ModelAndView delete(Principal principal, @PathVariable String id, RedirectAttributes redirect) {
		String owner = owner(principal);
		StoredFile file = this.files.get(owner, id);
		this.files.delete(owner, id);
		redirect.addFlashAttribute("success", "Deleted \"" + file.name() + "\" and all its versions.");
		return new ModelAndView("redirect:/files");
	}

	private ModelAndView listPage(String owner, String q, String sort, String order, String error,
			HttpStatusCode status) {
		ModelAndView page = new ModelAndView(LIST_VIEW, status);
		page.addObject("files", this.files.list(owner, q, sort, "desc".equalsIgnoreCase(order)));
		page.addObject("q", (q != null) ? q : "");
		page.addObject("sort", FileSort.parse(sort).name().toLowerCase(java.util.Locale.ROOT));
		page.addObject("order", "desc".equalsIgnoreCase(order) ? "desc" : "asc");
		page.addObject("usage", this.files.usage(owner));
		page.addObject("maxUploadBytes", this.coffer.files().maxUploadSize().toBytes());
		page.addObject("sizes", new SizeFormatter());
		page.addObject("error", error);
		return page;
	}

	private ModelAndView detailPage(String owner, String id, String error, HttpStatusCode status) {
		StoredFile file = this.files.get(owner, id);
		ModelAndView page = new ModelAndView(DETAIL_VIEW, status);
		page.addObject("file", file);
		page.addObject("versions", this.files.versions(owner, id));
		page.addObject("sizes", new SizeFormatter());
		page.addObject("error", error);
		return page;
	}

	private String owner(Principal principal) {
		return this.accounts.get(principal.getName()).id();
	}

	/**
	 * Lets templates format sizes the same way as messages do:
	 * {@code ${sizes.format(n)}}.
	 */
	public static final class SizeFormatter {

		public String format(long bytes) {
			return Sizes.format(bytes);
		}

	}

}
