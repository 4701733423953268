package dev.coffer.server.files;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletFileUpload;

import dev.coffer.server.InvalidInputException;
import dev.coffer.server.UnsupportedContentTypeException;

/**
 * Reads upload bodies as streams: a raw body, or the file parts of a multipart form,
 * parsed one part at a time with Commons FileUpload's streaming API. Nothing is buffered
 * whole and nothing is written to a temporary file: each part goes straight into
 * encryption.
 */
final class UploadBodies {

	private UploadBodies() {
	}

	/** Something to do with each uploaded file: its name as sent and its content. */
	@FunctionalInterface
	interface FilePartHandler {

		void accept(String fileName, InputStream content) throws IOException;

	}

	/**
	 * Checks that a raw-body upload is not a form, which would mean the client meant
	 * multipart.
	 */
	static void requireRawBody(HttpServletRequest request) {
		String type = (request.getContentType() != null) ? request.getContentType().toLowerCase(Locale.ROOT) : "";
		if (type.startsWith("multipart/") || type.startsWith("application/x-www-form-urlencoded")) {
			throw new UnsupportedContentTypeException(
					"Send the file's bytes as the request body (any type but a form), or POST multipart/form-data to /api/v1/files.");
		}
	}

	/**
	 * Streams every file part of a multipart request to {@code handler}, in order.
	 * @return how many files there were
	 */
	static int eachFilePart(HttpServletRequest request, FilePartHandler handler) throws IOException {
		if (!JakartaServletFileUpload.isMultipartContent(request)) {
			throw new UnsupportedContentTypeException("Send the files as multipart/form-data.");
		}
		JakartaServletFileUpload<?, ?> upload = new JakartaServletFileUpload<>();
		int count = 0;
		try {
			FileItemInputIterator parts = upload.getItemIterator(request);
			while (parts.hasNext()) {
				FileItemInput part = parts.next();
				if (part.isFormField() || part.getName() == null) {
					continue;
				}
				try (InputStream content = part.getInputStream()) {
					handler.accept(part.getName(), content);
				}
				count++;
			}
		}
		catch (FileUploadException ex) {
			throw new InvalidInputException("file", "The multipart body is malformed.");
		}
		if (count == 0) {
			throw new InvalidInputException("file", "Choose at least one file to upload.");
		}
		return count;
	}

}
