package dev.coffer.server.files;

import java.io.IOException;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.ModelAndView;

import dev.coffer.server.NotFoundException;
import dev.coffer.server.account.CurrentUser;

/**
 * The page that shows a PDF file's preview with the bundled PDF.js
 * (static/js/pdf-viewer.js), because browsers' own PDF viewers do not run under the
 * preview's {@code Content-Security-Policy: sandbox} (Chromium's is a plugin, and
 * sandboxing disables plugins). The page itself holds no content: its script fetches the
 * bytes from the preview's address, which still sends them sandboxed, {@code nosniff} and
 * typed by the server, and draws them on canvases. Same access policy as the preview: 404
 * for a file the user may not see, and for one whose current version is not a PDF.
 */
@Controller
class PdfViewerController {

	static final String VIEW = "files/pdf";

	private final FileService files;

	private final FolderService folders;

	PdfViewerController(FileService files, FolderService folders) {
		this.files = files;
		this.folders = folders;
	}

	@GetMapping("/files/{id}/pdf")
	ModelAndView viewer(CurrentUser current, @PathVariable String id) throws IOException {
		ReadableVersion readable = this.files.readable(current.id(), id, null);
		if (this.files.previewType(readable.version()) != PreviewType.PDF) {
			throw new NotFoundException("This file is not a PDF. Download it instead.");
		}
		ModelAndView page = new ModelAndView(VIEW);
		page.addObject("file", readable.access().file());
		page.addObject("folderPath", this.folders.pathTo(readable.access()));
		return page;
	}

}
