package dev.coffer.server.dav;

import java.time.Instant;

import dev.coffer.server.files.Folder;
import dev.coffer.server.files.StoredFile;

/**
 * What a WebDAV path names: a folder or a file (the caller's own, or one shared with
 * them), or one of the collections of {@link SharedWithMe} that list what others shared.
 */
sealed interface DavResource {

	DavPath path();

	Instant createdAt();

	Instant modifiedAt();

	/** Whether the caller owns it: only then may they delete, move or annotate it. */
	boolean isOwnedBy(String userId);

	/** A folder: a WebDAV collection. */
	record Collection(DavPath path, Folder folder) implements DavResource {

		@Override
		public Instant createdAt() {
			return this.folder.createdAt();
		}

		@Override
		public Instant modifiedAt() {
			return this.folder.modifiedAt();
		}

		@Override
		public boolean isOwnedBy(String userId) {
			return this.folder.ownerId().equals(userId);
		}

	}

	/** A file: its current version is the resource's content. */
	record Document(DavPath path, StoredFile file) implements DavResource {

		@Override
		public Instant createdAt() {
			return this.file.createdAt();
		}

		@Override
		public Instant modifiedAt() {
			return this.file.modifiedAt();
		}

		@Override
		public boolean isOwnedBy(String userId) {
			return this.file.ownerId().equals(userId);
		}

	}

	/**
	 * A collection of {@link SharedWithMe}: {@code Shared with me} itself, or one owner's
	 * collection in it. It lists what others shared and holds nothing of its own: nothing
	 * can be written into it.
	 *
	 * @param modifiedAt when what it lists last changed
	 */
	record Shelf(DavPath path, Instant modifiedAt) implements DavResource {

		@Override
		public Instant createdAt() {
			return this.modifiedAt;
		}

		@Override
		public boolean isOwnedBy(String userId) {
			return false;
		}

	}

}
