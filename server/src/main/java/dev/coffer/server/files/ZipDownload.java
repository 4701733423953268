package dev.coffer.server.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

import dev.coffer.server.CofferProperties;
import dev.coffer.server.InvalidInputException;
import dev.coffer.server.PayloadTooLargeException;

/**
 * Sends many files as one ZIP download ({@link StreamedZip}), with the headers of a
 * download (attachment, nosniff, CSP sandbox, no-store). Every file is checked with the
 * one access policy before a byte is sent: a single file the caller may not read makes
 * the whole request a 404. Each file sent is audited as a download, as
 * {@link ContentDownload} does; a ZIP that fails midway is aborted, and one that fails
 * before its first byte is out becomes an error answer of its own.
 */
@Component
public class ZipDownload {

	private final FileService files;

	private final StreamedZip zip;

	private final FileAudit audit;

	private final Clock clock;

	private final int maxFiles;

	ZipDownload(FileService files, StreamedZip zip, FileAudit audit, Clock clock, CofferProperties coffer) {
		this.files = files;
		this.zip = zip;
		this.audit = audit;
		this.clock = clock;
		this.maxFiles = coffer.files().maxFilesPerZip();
	}

	/**
	 * Sends the current versions of files {@code fileIds} (duplicates ignored), each
	 * under its name, as a ZIP.
	 * @throws InvalidInputException if there are none
	 * @throws PayloadTooLargeException if there are more than
	 * {@code coffer.files.max-files-per-zip}
	 * @throws dev.coffer.server.NotFoundException if the user may not read one of them
	 */
	void send(String userId, List<String> fileIds, HttpServletResponse response) throws IOException {
		LinkedHashSet<String> ids = new LinkedHashSet<>((fileIds != null) ? fileIds : List.of());
		if (ids.isEmpty()) {
			throw new InvalidInputException("ids", "Choose at least one file to download.");
		}
		if (ids.size() > this.maxFiles) {
			throw new PayloadTooLargeException("A ZIP holds at most " + this.maxFiles
					+ " files. Choose fewer files, and download the others in another ZIP.");
		}
		List<StreamedZip.Entry> entries = new ArrayList<>();
		Map<String, FileAccess> accessByVersion = new HashMap<>();
		for (String id : ids) {
			ReadableVersion current = this.files.readable(userId, id, null);
			entries.add(new StreamedZip.Entry(current.access().file().name(), current.version()));
			accessByVersion.put(current.version().id(), current.access());
		}
		String details = " in a ZIP of " + entries.size() + ((entries.size() == 1) ? " file" : " files");
		send("coffer-files-" + LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC) + ".zip", entries,
				(entry, name) -> this.audit.record(accessByVersion.get(entry.version().id()), "file.downloaded",
						"version " + entry.version().number() + details),
				response);
	}

	/**
	 * Sends {@code entries}, which the caller has proven the right to read, as a ZIP
	 * named {@code zipName}.
	 * @param starting told each entry and its name in the ZIP just before its content is
	 * sent (to audit it)
	 */
	public void send(String zipName, List<StreamedZip.Entry> entries, BiConsumer<StreamedZip.Entry, String> starting,
			HttpServletResponse response) throws IOException {
		response.setHeader(HttpHeaders.CACHE_CONTROL, "private, no-store");
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				ContentDisposition.attachment().filename(zipName, StandardCharsets.UTF_8).build().toString());
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Content-Security-Policy", ContentDownload.CONTENT_SECURITY_POLICY);
		response.setContentType("application/zip");
		try {
			this.zip.write(entries, response.getOutputStream(), starting);
		}
		catch (IOException | RuntimeException ex) {
			// Before the first byte is out, the error answer replaces the download's
			// headers; after, the response stays as it is and is aborted.
			if (!response.isCommitted()) {
				response.reset();
			}
			throw ex;
		}
	}

}
