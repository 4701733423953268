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
 * The caller's own tree as WebDAV paths: found through {@link FilePaths} from their top
 * folder, so another user's files are on no path (404), and listed a page at a time
 * through {@link FolderListing}, so a folder of any size is listed in constant memory.
 */
@Component
class DavTree {

	private final FilePaths paths;

	private final FolderListing listing;

	DavTree(FilePaths paths, FolderListing listing) {
		this.paths = paths;
		this.listing = listing;
	}

	Optional<DavResource> find(String userId, DavPath path) {
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
		return this.paths.folderOf(userId, path.segments()).orElseThrow(() -> new DavStatusException(409));
	}

	/** Each folder, then each file, in a folder, a page of the listing at a time. */
	void eachChild(String userId, DavResource.Collection collection, Consumer<DavResource> action) {
		eachPage(userId, collection, (page) -> page.forEach(action));
	}

	/**
	 * The folder's folders, then its files, in pages of up to
	 * {@link FolderListing#MAX_LIMIT}, so that what each page needs can be looked up for
	 * the whole page at once.
	 */
	void eachPage(String userId, DavResource.Collection collection, Consumer<List<DavResource>> action) {
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
