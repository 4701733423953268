package dev.coffer.server.files;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.coffer.server.DomainException;
import dev.coffer.server.web.ErrorResponses;

/**
 * A file's page as one user may see it, with every {@link FileDetailSection}. The owner
 * and the users it is shared with open the same address; the page shows each only what
 * their permission allows. A form on the page that fails renders the page again with the
 * message and the error's status, whichever feature's controller handled the form.
 */
@Component
public class FileDetailPage {

	static final String VIEW = "files/detail";

	private final FileService files;

	private final ObjectProvider<FileDetailSection> sections;

	FileDetailPage(FileService files, ObjectProvider<FileDetailSection> sections) {
		this.files = files;
		this.sections = sections;
	}

	/**
	 * The page of file {@code fileId} for {@code userId}.
	 * @throws dev.coffer.server.NotFoundException if the user may not see the file
	 */
	public ModelAndView render(String userId, String fileId) {
		return render(userId, fileId, null);
	}

	/** The page with {@code error} shown, answered with that error's status. */
	public ModelAndView render(String userId, String fileId, DomainException error) {
		FileAccess access = this.files.access(userId, fileId);
		HttpStatusCode status = (error != null) ? ErrorResponses.statusOf(error) : HttpStatus.OK;
		ModelAndView page = new ModelAndView(VIEW, status);
		page.addObject("file", access.file());
		page.addObject("access", access);
		page.addObject("canEdit", access.allows(Permission.EDIT));
		page.addObject("isOwner", access.isOwner());
		page.addObject("versions", this.files.versions(userId, fileId));
		page.addObject("sizes", new SizeFormatter());
		page.addObject("error", (error != null) ? error.getMessage() : null);
		this.sections.orderedStream().forEach((section) -> section.addTo(userId, access, page.getModelMap()));
		return page;
	}

	/**
	 * Handles a form on the page: redirects back to the page with the message
	 * {@code action} returns, or, if it throws a {@link DomainException}, renders the
	 * page with that error.
	 */
	public <X extends Exception> ModelAndView submit(String userId, String fileId, RedirectAttributes redirect,
			FormAction<X> action) throws X {
		try {
			redirect.addFlashAttribute("success", action.run());
			return new ModelAndView("redirect:/files/" + fileId);
		}
		catch (DomainException ex) {
			return render(userId, fileId, ex);
		}
	}

	/** What a form on the page does; returns the message to show after it. */
	@FunctionalInterface
	public interface FormAction<X extends Exception> {

		String run() throws X;

	}

}
