package dev.coffer.server.dav;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.springframework.stereotype.Component;

import dev.coffer.server.files.FilePaths;
import dev.coffer.server.files.Folder;
import dev.coffer.server.files.FolderListing;
import dev.coffer.server.files.FolderPage;
import dev.coffer.server.files.StoredFile;

/**
 * The caller's tree as WebDAV paths: their own files and folders, found through
 * {@link FilePaths} from their top folder, so another user's files are on no path (404),
 * and what others shared with them under {@link SharedWithMe}; folders listed a page at a
 * time through {@link FolderListing}, so a folder of any size is listed in constant
 * memory. At the top, {@code Shared with me} is always that collection: a file or folder
 * of the caller's own with that name is not on any path here.
 */
@Component
class DavTree {

	private final FilePaths paths;

	private final FolderListing listing;

	private final SharedWithMe shared;

	private final boolean ignoresMacosMetadata;

	DavTree(FilePaths paths, FolderListing listing, SharedWithMe shared, DavProperties properties) {
		this.paths = paths;
		this.listing = listing;
		this.shared = shared;
		this.ignoresMacosMetadata = properties.macosMetadata() == DavProperties.MacosMetadata.IGNORE;
	}

	/**
	 * Whether the path is a macOS Finder file ({@code ._*}, {@code .DS_Store}) and
	 * {@code coffer.dav.macos-metadata} is {@code ignore}: then nothing is at it, and a
	 * PUT to it stores nothing.
	 */
	boolean ignores(DavPath path) {
		return this.ignoresMacosMetadata && !path.isRoot() && DavProperties.MacosMetadata.isFinders(path.name());
	}

	Optional<DavResource> find(String userId, DavPath path) {
		if (ignores(path)) {
			return Optional.empty();
		}
		if (SharedWithMe.isWithin(path)) {
			return this.shared.find(userId, path);
		}
		if (!path.isRoot()) {
			Optional<StoredFile> file = this.paths.findFile(userId, path.segments());
			if (file.isPresent()) {
				return Optional.of(new DavResource.Document(path, file.get()));
			}
		}
		return this.paths.findFolder(userId, path.segments()).map((folder) -> new DavResource.Collection(path, folder));
	}

	/**
	 * @throws DavStatusException 404 if nothing is at the path
	 */
	DavResource require(String userId, DavPath path) {
		return find(userId, path).orElseThrow(() -> new DavStatusException(404));
	}

	/**
	 * The id of the folder the path's last segment goes into.
	 * @throws DavStatusException 409 if it does not exist (RFC 4918: no intermediate
	 * collections are made)
	 */
	String parentFolder(String userId, DavPath path) {
		if (path.isRoot()) {
			throw new DavStatusException(405);
		}
		if (SharedWithMe.isWithin(path.parent())) {
			return switch (find(userId, path.parent()).orElseThrow(() -> new DavStatusException(409))) {
				case DavResource.Collection collection -> collection.folder().id();
				// It lists what others shared; nothing can be put in it.
				case DavResource.Shelf shelf -> throw DavStatusException.refused(SharedWithMe.LISTS_ONLY);
				case DavResource.Document document -> throw new DavStatusException(409);
			};
		}
		return this.paths.folderOf(userId, path.segments()).orElseThrow(() -> new DavStatusException(409));
	}

	/** Each folder, then each file, in a folder, a page of the listing at a time. */
	void eachChild(String userId, DavResource.Collection collection, Consumer<DavResource> action) {
		folderPages(userId, collection,
				(page) -> page.stream().filter((child) -> !ignores(child.path())).forEach(action));
	}

	/**
	 * What a collection holds: a folder's folders, then its files, in pages of up to
	 * {@link FolderListing#MAX_LIMIT}, so that what each page needs can be looked up for
	 * the whole page at once; at the top, {@code Shared with me} after the last page.
	 */
	void eachPage(String userId, DavResource collection, Consumer<List<DavResource>> listed) {
		Consumer<List<DavResource>> action = this.ignoresMacosMetadata
				? (page) -> listed.accept(page.stream().filter((child) -> !ignores(child.path())).toList()) : listed;
		switch (collection) {
			case DavResource.Shelf shelf -> this.shared.eachPage(userId, shelf, action);
			case DavResource.Collection folder when folder.path().isRoot() -> {
				folderPages(userId, folder, (page) -> action
					.accept(page.stream().filter((child) -> !child.path().name().equals(SharedWithMe.NAME)).toList()));
				action.accept(List.of(find(userId, DavPath.ROOT.child(SharedWithMe.NAME)).orElseThrow()));
			}
			case DavResource.Collection folder -> folderPages(userId, folder, action);
			case DavResource.Document document -> {
			}
		}
	}

	private void folderPages(String userId, DavResource.Collection collection, Consumer<List<DavResource>> action) {
		String cursor = null;
		do {
			FolderPage page = this.listing.page(userId, collection.folder().id(), "name", false, cursor,
					FolderListing.MAX_LIMIT);
			List<DavResource> children = new ArrayList<>();
			for (Folder folder : page.folders()) {
				children.add(new DavResource.Collection(collection.path().child(folder.name()), folder));
			}
			for (StoredFile file : page.files()) {
				children.add(new DavResource.Document(collection.path().child(file.name()), file));
			}
			action.accept(children);
			cursor = page.next();
		}
		while (cursor != null);
	}

}
