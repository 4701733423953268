package dev.coffer.server.dav;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.coffer.server.files.FileService;
import dev.coffer.server.files.FileUploads;
import dev.coffer.server.files.FolderService;
import dev.coffer.server.files.StoredFile;
import dev.coffer.server.files.Trash;

/**
 * What changes the tree: PUT, MKCOL, DELETE, COPY and MOVE on the caller's own files and
 * folders, each through the files feature's own operations (uploads streamed into
 * encrypted storage, names checked under the owner's lock, deletes into the trash), so
 * WebDAV can do nothing the web pages and the API could not.
 * <p>
 * COPY makes new files with the same content (decrypted and encrypted again under new
 * data keys, as a stream), counted against the quota, with the same dead properties.
 * <p>
 * COPY and MOVE of a file over one of the caller's files ({@code Overwrite: T}) make the
 * content a new version of that file, which keeps its history, shares, links and
 * comments: editors save by writing a temporary file and renaming it over the original,
 * and each save must not cut the file off from the people and links it was shared with. A
 * moved source is then deleted for good if it is bare (one version, nothing pointing at
 * it: what an editor's temporary file is), or else goes into the trash. Anything else
 * that is in the way (a folder, a file shared with the caller, an end-to-end encrypted
 * file) goes into the trash first; if the copy or move then fails, it stays there, to be
 * restored.
 */
@Component
class DavTransfers {

	private final DavTree tree;

	private final FileService files;

	private final FileUploads uploads;

	private final FolderService folders;

	private final Trash trash;

	private final DeadProperties deadProperties;

	DavTransfers(DavTree tree, FileService files, FileUploads uploads, FolderService folders, Trash trash,
			DeadProperties deadProperties) {
		this.deadProperties = deadProperties;
		this.tree = tree;
		this.files = files;
		this.uploads = uploads;
		this.folders = folders;
		this.trash = trash;
	}

	/**
	 * Stores a request body as the file at the path: a new file, or a new version of the
	 * one there.
	 * @return whether a file was created
	 * @throws DavStatusException 409 if the parent folder does not exist, 405 if the path
	 * is a folder
	 */
	boolean put(String userId, DavPath path, long declaredLength, InputStream body) throws IOException {
		DavResource existing = this.tree.find(userId, path).orElse(null);
		if (existing != null && !(existing instanceof DavResource.Document)) {
			throw new DavStatusException(405);
		}
		if (existing instanceof DavResource.Document document && !document.isOwnedBy(userId)) {
			// Someone else's file: a new version, if the caller's share allows it (403 if
			// not).
			String fileId = document.file().id();
			if (declaredLength >= 0) {
				this.uploads.checkDeclaredVersion(userId, fileId, declaredLength, false);
			}
			this.uploads.uploadVersion(userId, fileId, body);
			return false;
		}
		String parent = this.tree.parentFolder(userId, path);
		if (declaredLength >= 0) {
			this.uploads.checkDeclaredSize(userId, declaredLength);
		}
		FileUploads.Upload upload = this.uploads.upload(userId, parent, path.name(), body);
		if (existing instanceof DavResource.Document document && hadOnlyAnEmptyVersion(document)) {
			this.files.dropEmptyFirstVersion(userId, upload.file().id());
		}
		return upload.created();
	}

	/**
	 * @throws DavStatusException 405 if something is at the path, 409 for no parent
	 */
	void mkcol(String userId, DavPath path) {
		if (path.isRoot() || this.tree.find(userId, path).isPresent()) {
			throw new DavStatusException(405);
		}
		this.folders.create(userId, this.tree.parentFolder(userId, path), path.name());
	}

	/** Into the trash. @throws DavStatusException 403 for the top folder */
	void delete(String userId, DavResource resource) {
		switch (resource) {
			case DavResource.Document document -> this.trash.deleteFile(userId, document.file().id());
			case DavResource.Collection collection -> {
				if (collection.folder().isRoot()) {
					throw new DavStatusException(403);
				}
				this.trash.deleteFolder(userId, collection.folder().id());
			}
			case DavResource.Shelf shelf -> throw DavStatusException.refused(SharedWithMe.LISTS_ONLY);
		}
	}

	/**
	 * COPY or MOVE of what is at {@code from} to {@code to}.
	 * @param deep for a COPY of a folder: with everything inside (Depth infinity) or the
	 * folder alone (Depth 0)
	 * @return whether something was there before (204) or not (201)
	 * @throws DavStatusException 403 onto itself, inside itself or over a folder above
	 * it, 409 if the destination's parent does not exist, 412 if something is there and
	 * {@code overwrite} is false
	 */
	boolean transfer(String userId, DavPath from, DavPath to, boolean move, boolean overwrite, boolean deep)
			throws IOException {
		DavResource source = this.tree.require(userId, from);
		// Onto itself, into itself, or over a folder it is in (that would trash it); a
		// shelf, or a move of what the caller does not own, before anything changes.
		if (to.isWithin(from) || from.isWithin(to)) {
			throw new DavStatusException(403);
		}
		if (source instanceof DavResource.Shelf) {
			throw DavStatusException.refused(SharedWithMe.LISTS_ONLY);
		}
		if (move && !source.isOwnedBy(userId)) {
			throw DavStatusException.refused("Only the owner can move or rename this.");
		}
		String parent = this.tree.parentFolder(userId, to);
		Optional<DavResource> existing = this.tree.find(userId, to);
		if (existing.isPresent()) {
			if (!overwrite) {
				throw new DavStatusException(412);
			}
			if (source instanceof DavResource.Document document && existing.get() instanceof DavResource.Document target
					&& takesContentAsVersion(userId, document, target)) {
				newVersionOf(userId, target, document);
				if (move) {
					this.trash.deleteCopied(userId, document.file().id());
				}
				return true;
			}
			delete(userId, existing.get());
		}
		switch (source) {
			case DavResource.Document document when move ->
				this.files.move(userId, document.file().id(), parent, to.name());
			case DavResource.Collection collection when move ->
				this.folders.move(userId, collection.folder().id(), parent, to.name());
			case DavResource.Document document -> copyFile(userId, document, parent, to);
			case DavResource.Collection collection -> copyFolder(userId, collection, parent, to, deep);
			case DavResource.Shelf shelf -> throw DavStatusException.refused(SharedWithMe.LISTS_ONLY);
		}
		return existing.isPresent();
	}

	/**
	 * Whether a file written over {@code target} becomes a new version of it: the
	 * caller's own file, and neither end-to-end encrypted (the server cannot read such
	 * content, nor put plain content into such a file's history).
	 */
	private static boolean takesContentAsVersion(String userId, DavResource.Document source,
			DavResource.Document target) {
		return target.isOwnedBy(userId) && !source.file().endToEnd() && !target.file().endToEnd();
	}

	/** {@code source}'s current content as a new version of {@code target}. */
	private void newVersionOf(String userId, DavResource.Document target, DavResource.Document source)
			throws IOException {
		try (InputStream content = currentContent(userId, source)) {
			this.uploads.uploadVersion(userId, target.file().id(), content);
		}
		if (hadOnlyAnEmptyVersion(target)) {
			this.files.dropEmptyFirstVersion(userId, target.file().id());
		}
	}

	/**
	 * Whether the file, as found before the write, was just made empty (a client's first
	 * step): only then is its version list looked at again after the write.
	 */
	private static boolean hadOnlyAnEmptyVersion(DavResource.Document document) {
		return document.file().versionCount() == 1 && document.file().size() == 0;
	}

	/** The current version's content, decrypted as it is read. */
	private InputStream currentContent(String userId, DavResource.Document document) throws IOException {
		return Channels.newInputStream(this.files.open(this.files.version(userId, document.file().id(), null)));
	}

	/** A new file with the content and the dead properties of {@code source}. */
	private void copyFile(String userId, DavResource.Document source, String folderId, DavPath to) throws IOException {
		StoredFile copy;
		try (InputStream content = currentContent(userId, source)) {
			copy = this.uploads.upload(userId, folderId, to.name(), content).file();
		}
		this.deadProperties.copy(source, new DavResource.Document(to, copy));
	}

	/** A new folder with the name and the dead properties of {@code source}. */
	private DavResource.Collection copyOf(String userId, DavResource.Collection source, String parentId, DavPath to) {
		DavResource.Collection copy = new DavResource.Collection(to, this.folders.create(userId, parentId, to.name()));
		this.deadProperties.copy(source, copy);
		return copy;
	}

	/** Folder by folder, with a queue rather than recursion: any depth. */
	private void copyFolder(String userId, DavResource.Collection source, String parentId, DavPath to, boolean deep)
			throws IOException {
		record Pending(DavResource.Collection source, DavResource.Collection copy) {
		}
		Deque<Pending> pending = new ArrayDeque<>();
		pending.add(new Pending(source, copyOf(userId, source, parentId, to)));
		while (deep && !pending.isEmpty()) {
			Pending next = pending.poll();
			String into = next.copy().folder().id();
			IOException[] failure = new IOException[1];
			this.tree.eachChild(userId, next.source(), (child) -> {
				if (failure[0] != null) {
					return;
				}
				DavPath childTo = next.copy().path().child(child.path().name());
				switch (child) {
					case DavResource.Collection folder ->
						pending.add(new Pending(folder, copyOf(userId, folder, into, childTo)));
					case DavResource.Document file -> {
						try {
							copyFile(userId, file, into, childTo);
						}
						catch (IOException ex) {
							failure[0] = ex;
						}
					}
					case DavResource.Shelf shelf -> throw new IllegalStateException("No shelf is in a folder");
				}
			});
			if (failure[0] != null) {
				throw failure[0];
			}
		}
	}

}
