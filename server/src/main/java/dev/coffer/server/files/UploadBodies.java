package dev.coffer.server.files;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import jakarta.servlet.http.HttpServletRequest;

import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletFileUpload;

import dev.coffer.server.InvalidInputException;
import dev.coffer.server.PayloadTooLargeException;
import dev.coffer.server.UnsupportedContentTypeException;

/**
 * Reads upload bodies as streams: a raw body, or the file parts of a multipart form,
 * parsed one part at a time with Commons FileUpload's streaming API. Nothing is buffered
 * whole and nothing is written to a temporary file: each part goes straight into
 * encryption. The number of parts is capped ({@code coffer.files.max-files-per-request}
 * and {@link #MAX_FIELDS}): each file costs a stored object and rows, and the parser sets
 * no limit of its own when it streams.
 */
final class UploadBodies {

	/** Form fields besides the files: our forms send a CSRF token at most. */
	static final int MAX_FIELDS = 20;

	private UploadBodies() {
	}

	/**
	 * Reads one uploaded file into storage, where it stays invisible until the whole
	 * request has been read; {@code earlier} is what it made of the request's earlier
	 * files.
	 */
	@FunctionalInterface
	interface FilePartReader<T> {

		T read(String fileName, InputStream content, List<T> earlier) throws IOException;

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
	 * Reads every file part of a multipart request with {@code reader}, in order, and
	 * returns what it made only once the whole body has been read: more than
	 * {@code maxFiles} files or {@value #MAX_FIELDS} other fields, or any other failure,
	 * first hands what was read to {@code discard}, so that a refused request leaves
	 * nothing behind.
	 * @throws PayloadTooLargeException at the first part over a limit, before reading it
	 */
	static <T> List<T> readFileParts(HttpServletRequest request, int maxFiles, FilePartReader<T> reader,
			Consumer<List<T>> discard) throws IOException {
		if (!JakartaServletFileUpload.isMultipartContent(request)) {
			throw new UnsupportedContentTypeException("Send the files as multipart/form-data.");
		}
		List<T> read = new ArrayList<>();
		try {
			FileItemInputIterator parts = new JakartaServletFileUpload<>().getItemIterator(request);
			int fields = 0;
			while (parts.hasNext()) {
				FileItemInput part = parts.next();
				if (part.isFormField() || part.getName() == null) {
					if (++fields > MAX_FIELDS) {
						throw new PayloadTooLargeException("The form has too many fields.");
					}
					continue;
				}
				if (read.size() == maxFiles) {
					throw new PayloadTooLargeException((maxFiles == 1) ? "Upload one file at a time."
							: "Upload at most " + maxFiles + " files at a time. Send the others in another request.");
				}
				try (InputStream content = part.getInputStream()) {
					read.add(reader.read(part.getName(), content, Collections.unmodifiableList(read)));
				}
			}
			if (read.isEmpty()) {
				throw new InvalidInputException("file", "Choose at least one file to upload.");
			}
			return read;
		}
		catch (FileUploadException ex) {
			discard.accept(read);
			throw new InvalidInputException("file", "The multipart body is malformed.");
		}
		catch (IOException | RuntimeException ex) {
			discard.accept(read);
			throw ex;
		}
	}

}
