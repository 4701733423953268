package dev.coffer.server.files;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.ui.ModelMap;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.coffer.server.CofferProperties;
import dev.coffer.server.DomainException;
import dev.coffer.server.InvalidInputException;
import dev.coffer.server.OperationNotAllowedException;
import dev.coffer.server.SizeFormatter;
import dev.coffer.server.web.ErrorResponses;

/**
 * A file's page as one user may see it, with every {@link FileDetailSection}, in tabs
 * ({@link FileTab}). The owner and the users it is shared with open the same address; the
 * page shows each only what their permission allows.
 * <p>
 * Every form on the page goes through {@link #submit}: post, then redirect back to the
 * page (post/redirect/get) whether it worked or not, so a reload never posts again and
 * never lands on the form's POST address. A failure comes back as a {@link FileFormError}
 * that the page shows next to the form, with what was typed. Only a file the user may not
 * see (404) or an action the page never offers them (403) answers with an error status
 * instead.
 */
@Component
public class FileDetailPage {

	private static final Logger logger = LoggerFactory.getLogger(FileDetailPage.class);

	static final String VIEW = "files/detail";

	private final FileService files;

	private final ObjectProvider<FileDetailSection> sections;

	private final Trash trash;

	private final FolderService folders;

	private final long resumableUploadBytes;

	FileDetailPage(FileService files, ObjectProvider<FileDetailSection> sections, Trash trash, FolderService folders,
			CofferProperties coffer) {
		this.trash = trash;
		this.folders = folders;
		this.resumableUploadBytes = coffer.files().resumableUploadThreshold().toBytes();
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
		page.addObject("resumableUploadBytes", this.resumableUploadBytes);
		page.addObject("isOwner", access.isOwner());
		page.addObject("folderPath", this.folders.pathTo(access));
		page.addObject("trashKept", this.trash.isKept());
		List<FileVersion> versions = this.files.versions(userId, fileId);
		page.addObject("versions", versions);
		page.addObject("preview", previewOf(access.file(), versions));
		page.addObject("sizes", new SizeFormatter());
		page.addObject("error", (error != null) ? error.getMessage() : null);
		this.sections.orderedStream().forEach((section) -> section.addTo(userId, access, page.getModelMap()));
		page.addObject("tabs", tabsFor(access, page.getModelMap()));
		return page;
	}

	/**
	 * Handles the form {@code form} on the page: runs {@code action}, then redirects back
	 * to the form's tab, with the message {@code action} returns (if not {@code null})
	 * or, if it throws a {@link DomainException}, with that error and what was typed.
	 * @param typed the form's inputs as posted, by name; passwords left out
	 */
	public <X extends Exception> ModelAndView submit(String userId, String fileId, FilePageForm form,
			Map<String, String> typed, RedirectAttributes redirect, FormAction<X> action) throws X {
		try {
			String message = action.run();
			if (message != null) {
				redirect.addFlashAttribute("success", message);
			}
			return new ModelAndView("redirect:/files/" + fileId + "#" + form.tab().id());
		}
		catch (DomainException ex) {
			return failed(userId, fileId, form, typed, ex, redirect);
		}
	}

	/** {@link #submit} for a form with nothing typed (a button). */
	public <X extends Exception> ModelAndView submit(String userId, String fileId, FilePageForm form,
			RedirectAttributes redirect, FormAction<X> action) throws X {
		return submit(userId, fileId, form, Map.of(), redirect, action);
	}

	/**
	 * Sends the browser back to {@code form} with {@code error}; a file the user may not
	 * see stays a 404 and an action they may not take renders the page with a 403.
	 */
	public ModelAndView failed(String userId, String fileId, FilePageForm form, Map<String, String> typed,
			DomainException error, RedirectAttributes redirect) {
		this.files.access(userId, fileId); // 404 for a file the user may not see
		if (error instanceof OperationNotAllowedException) {
			return render(userId, fileId, error);
		}
		String field = (error instanceof InvalidInputException invalid && invalid.field() != null) ? invalid.field()
				: form.defaultField();
		Map<String, String> kept = new HashMap<>();
		typed.forEach((name, value) -> {
			if (value != null) {
				kept.put(name, value);
			}
		});
		redirect.addFlashAttribute(FileFormError.ATTRIBUTE, new FileFormError(form, field, error.getMessage(), kept));
		return new ModelAndView("redirect:/files/" + fileId + "#" + form.anchor());
	}

	/**
	 * What preview the current version allows; none if its content cannot be read (the
	 * page still shows; a download reports and audits the failure).
	 */
	private PreviewType previewOf(StoredFile file, List<FileVersion> versions) {
		for (FileVersion version : versions) {
			if (version.number() == file.currentVersion()) {
				try {
					return this.files.previewType(version);
				}
				catch (IOException ex) {
					logger.warn("Cannot tell the preview type of version {} of file {}: {}", version.number(),
							file.id(), ex.getMessage());
					return PreviewType.NONE;
				}
			}
		}
		return PreviewType.NONE;
	}

	private static List<FileTab> tabsFor(FileAccess access, ModelMap model) {
		List<FileTab> tabs = new ArrayList<>();
		tabs.add(FileTab.VERSIONS);
		if (access.isOwner()) {
			tabs.add(FileTab.SHARING);
		}
		if (model.get("links") != null) {
			tabs.add(FileTab.LINKS);
		}
		tabs.add(FileTab.COMMENTS);
		if (access.isOwner()) {
			tabs.add(FileTab.SETTINGS);
		}
		return tabs;
	}

	/** What a form on the page does; returns the message to show after it, or null. */
	@FunctionalInterface
	public interface FormAction<X extends Exception> {

		String run() throws X;

	}

}
