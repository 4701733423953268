package dev.coffer.server.files;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import dev.coffer.server.account.CurrentUser;

/**
 * Thumbnails of image files for the folder pages ({@code /files/{id}/thumbnail}, with the
 * session); the API's ({@code /api/v1/files/{id}/thumbnail}, {@link FileApiController})
 * answers the same, with API errors.
 */
@Controller
class ThumbnailController {

	private final ThumbnailDownload thumbnails;

	ThumbnailController(ThumbnailDownload thumbnails) {
		this.thumbnails = thumbnails;
	}

	@GetMapping("/files/{id}/thumbnail")
	void thumbnail(CurrentUser current, @PathVariable String id, @RequestParam(required = false) Integer version,
			HttpServletRequest request, HttpServletResponse response) throws IOException {
		this.thumbnails.send(current.id(), id, version, request, response);
	}

}
