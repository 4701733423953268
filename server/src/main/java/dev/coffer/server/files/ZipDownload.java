package dev.coffer.server.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * before its first byte is out becomes an error answer of its own. End-to-end encrypted
 * files, whose plaintext the server does not have, are left out of a folder's ZIP; one
 * chosen by itself is refused (409).
 */
@Component
public class ZipDownload {

	private final FileService files;

	private final FolderService folders;

	private final StreamedZip zip;

	private final FileAudit audit;

	private final Clock clock;

	private final int maxFiles;

	ZipDownload(FileService files, FolderService folders, StreamedZip zip, FileAudit audit, Clock clock,
			CofferProperties coffer) {
		this.files = files;
		this.folders = folders;
		this.zip = zip;
		this.audit = audit;
		this.clock = clock;
		this.maxFiles = coffer.files().maxFilesPerZip();
	}

	/**
	 * Sends the current versions of files {@code fileIds} (duplicates ignored), each
	 * under its name, and of every file in folders {@code folderIds} and below them (not
	 * in the trash), each under its path from the folder, as one ZIP.
	 * @throws InvalidInputException if there are no files
	 * @throws PayloadTooLargeException if there are more than
	 * {@code coffer.files.max-files-per-zip}
	 * @throws dev.coffer.server.NotFoundException if the user may not read one of the
	 * files or folders
	 */
	void send(String userId, List<String> fileIds, List<String> folderIds, HttpServletResponse response)
			throws IOException {
		LinkedHashSet<String> ids = new LinkedHashSet<>((fileIds != null) ? fileIds : List.of());
		LinkedHashSet<String> folderIdSet = new LinkedHashSet<>((folderIds != null) ? folderIds : List.of());
		if (ids.isEmpty() && folderIdSet.isEmpty()) {
			throw new InvalidInputException("ids", "Choose at least one file or folder to download.");
		}
		// Too many ids is refused before any is looked up; what folders hold, as it is
		// found.
		requireAtMostTheLimit(ids.size());
		List<StreamedZip.Entry> entries = new ArrayList<>();
		Map<String, String> auditDetailsByVersion = new HashMap<>();
		for (String id : ids) {
			ReadableVersion current = this.files.readable(userId, id, null);
			if (current.version().endToEnd()) {
				throw FileService.endToEndOnly(current.access().file().name());
			}
			entries.add(new StreamedZip.Entry(current.access().file().name(), current.version()));
			auditDetailsByVersion.put(current.version().id(), FileAudit.grantee(current.access().permission()));
		}
		String zipName = null;
		List<String> folderPaths = new ArrayList<>();
		for (String id : folderIdSet) {
			FolderAccess access = this.folders.access(userId, id);
			FolderService.Below below = this.folders.below(access.folder());
			folderPaths.addAll(below.folders());
			for (FolderService.FileBelow file : below.files()) {
				if (file.version().endToEnd()) {
					continue; // the server has no plaintext of it to put in a ZIP
				}
				entries.add(new StreamedZip.Entry(file.path(), file.version()));
				auditDetailsByVersion.put(file.version().id(), FileAudit.grantee(access.permission()));
				requireAtMostTheLimit(entries.size());
			}
			if (ids.isEmpty() && folderIdSet.size() == 1 && !access.folder().isRoot()) {
				zipName = access.folder().name() + ".zip";
			}
		}
		if (entries.isEmpty()) {
			throw new InvalidInputException("folderIds", "There are no files in it to download.");
		}
		String details = " in a ZIP of " + entries.size() + ((entries.size() == 1) ? " file" : " files");
		send((zipName != null) ? zipName
				: "coffer-files-" + LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC) + ".zip", entries,
				withoutFiles(folderPaths, entries),
				(entry, name) -> this.audit.record("file.downloaded", entry.version().fileId(), "version "
						+ entry.version().number() + details + auditDetailsByVersion.get(entry.version().id())),
				response);
	}

	/**
	 * Sends folder {@code folderId}, reached through a public link to folder
	 * {@code topId} ({@link FolderService#accessWithin}), with everything below it that
	 * is not in the trash, as one ZIP named after it.
	 * @param through how it was reached, for the audit entries ("through folder link …")
	 * @param beforeSending run once the ZIP's content is known and allowed, before it is
	 * sent (to count the download against the link's limit); it may refuse by throwing
	 * @throws InvalidInputException if there are no files in it
	 * @throws PayloadTooLargeException if there are more than
	 * {@code coffer.files.max-files-per-zip}
	 * @throws dev.coffer.server.NotFoundException if the link does not reach the folder
	 */
	public void sendWithin(String topId, String folderId, String through, Runnable beforeSending,
			HttpServletResponse response) throws IOException {
		Folder folder = this.folders.accessWithin(topId, folderId).folder();
		List<StreamedZip.Entry> entries = new ArrayList<>();
		FolderService.Below below = this.folders.below(folder);
		for (FolderService.FileBelow file : below.files()) {
			if (file.version().endToEnd()) {
				continue;
			}
			entries.add(new StreamedZip.Entry(file.path(), file.version()));
			requireAtMostTheLimit(entries.size());
		}
		if (entries.isEmpty()) {
			throw new InvalidInputException("folderId", "There are no files in this folder to download.");
		}
		beforeSending.run();
		String details = " in a ZIP of " + entries.size() + ((entries.size() == 1) ? " file" : " files") + ", "
				+ through;
		send(folder.name() + ".zip", entries, withoutFiles(below.folders(), entries), (entry, name) -> this.audit
			.record("file.downloaded", entry.version().fileId(), "version " + entry.version().number() + details),
				response);
	}

	/**
	 * The folders that no entry's path goes through — empty ones, or holding only what a
	 * ZIP leaves out (end-to-end encrypted files) — and no other such folder's either: a
	 * folder on the way to a file or to another folder comes out of the ZIP with it.
	 * These get an entry of their own, so that the folder tree comes out whole.
	 */
	static List<String> withoutFiles(List<String> folderPaths, List<StreamedZip.Entry> entries) {
		Set<String> reached = new HashSet<>();
		entries.forEach((entry) -> addFoldersAbove(entry.path(), reached));
		folderPaths.forEach((path) -> addFoldersAbove(path, reached));
		return folderPaths.stream().filter((path) -> !reached.contains(path)).distinct().toList();
	}

	private static void addFoldersAbove(String path, Set<String> folders) {
		for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
			folders.add(path.substring(0, slash));
		}
	}

	private void requireAtMostTheLimit(int files) {
		if (files > this.maxFiles) {
			throw new PayloadTooLargeException("A ZIP holds at most " + this.maxFiles
					+ " files. Choose fewer files or folders, and download the others in another ZIP.");
		}
	}

	/**
	 * Sends {@code entries}, which the caller has proven the right to read, and the
	 * folders {@code emptyFolders} as a ZIP named {@code zipName}.
	 * @param starting told each entry and its name in the ZIP just before its content is
	 * sent (to audit it)
	 */
	public void send(String zipName, List<StreamedZip.Entry> entries, List<String> emptyFolders,
			BiConsumer<StreamedZip.Entry, String> starting, HttpServletResponse response) throws IOException {
		response.setHeader(HttpHeaders.CACHE_CONTROL, "private, no-store");
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				ContentDisposition.attachment().filename(zipName, StandardCharsets.UTF_8).build().toString());
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Content-Security-Policy", ContentDownload.CONTENT_SECURITY_POLICY);
		response.setContentType("application/zip");
		try {
			this.zip.write(entries, emptyFolders, response.getOutputStream(), starting);
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
