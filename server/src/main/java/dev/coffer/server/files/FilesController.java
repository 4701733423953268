package dev.coffer.server.files;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.coffer.server.CofferProperties;
import dev.coffer.server.DomainException;
import dev.coffer.server.NotFoundException;
import dev.coffer.server.SizeFormatter;
import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.files.FileUploads.PendingUpload;
import dev.coffer.server.storage.StoredBlob;

/**
 * The "My files" pages. Uploads from the page normally go through the REST API with a
 * progress bar (static/js/files.js); the multipart forms here are the same actions for
 * browsers without JavaScript.
 */
@Controller
class FilesController {

	static final String LIST_VIEW = "files/list";

	private final FileService files;

	private final FileUploads uploads;

	private final Quotas quotas;

	private final CofferProperties coffer;

	private final FileDetailPage detailPage;

	private final ZipDownload zips;

	private final ContentDownload downloads;

	private final FolderListing listing;

	private final Trash trash;

	private final ObjectProvider<FolderPageSection> sections;

	private final FolderService folders;

	FilesController(FileService files, FileUploads uploads, Quotas quotas, CofferProperties coffer,
			FileDetailPage detailPage, ZipDownload zips, ContentDownload downloads, FolderListing listing, Trash trash,
			ObjectProvider<FolderPageSection> sections, FolderService folders) {
		this.trash = trash;
		this.folders = folders;
		this.sections = sections;
		this.listing = listing;
		this.files = files;
		this.uploads = uploads;
		this.quotas = quotas;
		this.coffer = coffer;
		this.detailPage = detailPage;
		this.zips = zips;
		this.downloads = downloads;
	}

	@GetMapping("/files")
	ModelAndView list(CurrentUser current, @RequestParam(defaultValue = FolderService.ROOT) String folder,
			@RequestParam(required = false) String q, @RequestParam(defaultValue = "name") String sort,
			@RequestParam(defaultValue = "asc") String order, @RequestParam(required = false) String cursor) {
		return listPage(current.id(), folder, q, sort, order, cursor);
	}

	@PostMapping("/files")
	ModelAndView upload(CurrentUser current, @RequestParam(defaultValue = FolderService.ROOT) String folder,
			HttpServletRequest request, RedirectAttributes redirect) throws IOException {
		String owner = current.id();
		String back = FolderForms.redirectTo(owner, folder);
		try {
			this.uploads.checkDeclaredSize(owner, request.getContentLengthLong());
			List<PendingUpload> pending = UploadBodies.readFileParts(request, this.coffer.files().maxFilesPerRequest(),
					(name, content, earlier) -> this.uploads.store(owner, name, content, earlier),
					this.uploads::discardUploads);
			int count = this.uploads.uploadAll(owner, folder, pending).size();
			redirect.addFlashAttribute("success", (count == 1) ? "Uploaded 1 file." : "Uploaded " + count + " files.");
			return new ModelAndView(back);
		}
		catch (DomainException ex) {
			// Back to the list (post/redirect/get): a reload never posts the files again.
			redirect.addFlashAttribute("error", ex.getMessage());
			return new ModelAndView(back);
		}
	}

	/**
	 * The files and folders ticked on the page of folder {@code from} (a form with one
	 * {@code ids} or {@code folderIds} field per row) as one ZIP; back to that page with
	 * a message if none is ticked.
	 */
	@PostMapping("/files/zip")
	ModelAndView zip(CurrentUser current, @RequestParam(name = "ids", required = false) List<String> ids,
			@RequestParam(name = "folderIds", required = false) List<String> folderIds,
			@RequestParam(defaultValue = FolderService.ROOT) String from, HttpServletResponse response,
			RedirectAttributes redirect) throws IOException {
		if (new Selections.Selection(ids, folderIds).size() == 0) {
			return FolderForms.nothingTicked(current.id(), from, redirect);
		}
		this.zips.send(current.id(), ids, folderIds, response);
		return null; // the ZIP is the answer
	}

	/** A folder, with everything in it, as one ZIP. */
	@GetMapping("/files/folders/{id}/zip")
	void folderZip(CurrentUser current, @PathVariable String id, HttpServletResponse response) throws IOException {
		this.zips.send(current.id(), List.of(), List.of(id), response);
	}

	/**
	 * The current version shown by the browser itself, for the kinds of content that
	 * allow it ({@link PreviewType}); 404 for every other kind, which is download only.
	 */
	@GetMapping("/files/{id}/preview")
	void preview(CurrentUser current, @PathVariable String id, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		ReadableVersion readable = this.files.readable(current.id(), id, null);
		PreviewType type = this.files.previewType(readable.version());
		if (type == PreviewType.NONE) {
			throw new NotFoundException("This kind of file has no preview. Download it instead.");
		}
		this.downloads.preview(readable, type, request, response);
	}

	@GetMapping("/files/{id}")
	ModelAndView detail(CurrentUser current, @PathVariable String id) {
		return this.detailPage.render(current.id(), id);
	}

	@PostMapping("/files/{id}/versions")
	ModelAndView uploadVersion(CurrentUser current, @PathVariable String id, HttpServletRequest request,
			RedirectAttributes redirect) throws IOException {
		String user = current.id();
		return this.detailPage.submit(user, id, FilePageForm.NEW_VERSION, redirect, () -> {
			this.uploads.checkDeclaredVersion(user, id, request.getContentLengthLong(), false);
			List<StoredBlob> versions = UploadBodies.readFileParts(request, 1,
					(name, content, earlier) -> this.uploads.storeVersion(user, id, content),
					(read) -> read.forEach(this.uploads::discardVersion));
			this.uploads.commitVersion(user, id, versions.get(0));
			return "New version uploaded.";
		});
	}

	@PostMapping("/files/{id}/versions/{number}/restore")
	ModelAndView restore(CurrentUser current, @PathVariable String id, @PathVariable int number,
			RedirectAttributes redirect) throws IOException {
		String user = current.id();
		return this.detailPage.submit(user, id, FilePageForm.VERSIONS, redirect, () -> {
			StoredFile file = this.files.restore(user, id, number);
			return "Version " + number + " restored as version " + file.currentVersion() + ".";
		});
	}

	@PostMapping("/files/{id}/versions/{number}/delete")
	ModelAndView deleteVersion(CurrentUser current, @PathVariable String id, @PathVariable int number,
			RedirectAttributes redirect) {
		String user = current.id();
		return this.detailPage.submit(user, id, FilePageForm.VERSIONS, redirect, () -> {
			this.files.deleteVersion(user, id, number);
			return "Version " + number + " deleted.";
		});
	}

	@PostMapping("/files/{id}/rename")
	ModelAndView rename(CurrentUser current, @PathVariable String id, @RequestParam(defaultValue = "") String name,
			RedirectAttributes redirect) {
		String user = current.id();
		return this.detailPage.submit(user, id, FilePageForm.RENAME, Map.of("name", name), redirect,
				() -> "Renamed to \"" + this.files.rename(user, id, name).name() + "\".");
	}

	@PostMapping("/files/{id}/delete")
	ModelAndView delete(CurrentUser current, @PathVariable String id, RedirectAttributes redirect) {
		String user = current.id();
		StoredFile file;
		try {
			file = this.trash.deleteFile(user, id);
		}
		catch (DomainException ex) {
			return this.detailPage.failed(user, id, FilePageForm.DELETE, Map.of(), ex, redirect);
		}
		redirect.addFlashAttribute("success", this.trash.isKept() ? "Moved \"" + file.name() + "\" to the trash."
				: "Deleted \"" + file.name() + "\" and all its versions.");
		return new ModelAndView(FolderForms.redirectTo(user, file.folderId()));
	}

	private ModelAndView listPage(String user, String folder, String q, String sort, String order, String cursor) {
		ModelAndView page = new ModelAndView(LIST_VIEW);
		boolean descending = "desc".equalsIgnoreCase(order);
		boolean searching = q != null && !q.isBlank();
		// A search looks through all the user's folders; otherwise one page of one
		// folder.
		FolderPage shown = this.listing.page(user, searching ? FolderService.ROOT : folder, sort, descending,
				searching ? null : cursor, FolderListing.DEFAULT_LIMIT);
		page.addObject("folder", shown.folder().folder());
		page.addObject("path", shown.path());
		page.addObject("folders", searching ? List.of() : shown.folders());
		page.addObject("files", searching ? this.files.list(user, q, sort, descending) : shown.files());
		page.addObject("next", searching ? null : shown.next());
		// Every folder's path (one query), only where the page shows it: beside search
		// results, and in the owner's Move menus, which a page without entries has not.
		boolean showsPaths = searching
				|| (shown.folder().isOwner() && !(shown.files().isEmpty() && shown.folders().isEmpty()));
		List<FolderService.FolderChoice> everyFolder = showsPaths ? this.folders.choices(user) : List.of();
		page.addObject("folderPaths",
				searching
						? everyFolder.stream()
							.collect(Collectors.toMap(FolderService.FolderChoice::id, FolderService.FolderChoice::path))
						: Map.of());
		page.addObject("moveTargets", FoldersController.moveTargets(shown, everyFolder));
		page.addObject("canChange", shown.folder().isOwner());
		page.addObject("canEdit", shown.folder().permission().includes(Permission.EDIT));
		page.addObject("q", (q != null) ? q : "");
		page.addObject("sort", FileSort.parse(sort).parameter());
		page.addObject("order", "desc".equalsIgnoreCase(order) ? "desc" : "asc");
		page.addObject("usage", this.quotas.usage(user));
		page.addObject("maxUploadBytes", this.coffer.files().maxUploadSize().toBytes());
		page.addObject("resumableUploadBytes", this.coffer.files().resumableUploadThreshold().toBytes());
		page.addObject("sizes", new SizeFormatter());
		page.addObject("trashKept", this.trash.isKept());
		this.sections.forEach((section) -> section.addTo(user, shown.folder(), page.getModelMap()));
		return page;
	}

}
