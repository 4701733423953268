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

		/** Its strong entity tag: what {@code getetag} lists and a GET sends. */
		String etag() {
			return etagOf(this.file.sha256());
		}

		/**
		 * The strong entity tag of content with this SHA-256 over WebDAV: the first 128
		 * bits of the hash, in quotes. Shorter than a REST download's (the whole hash):
		 * clients repeat it in {@code If} headers, some into fixed buffers (litmus builds
		 * {@code (<lock token> [etag]) (Not <DAV:no-lock> [etag])} in 200 bytes, which a
		 * {@code urn:uuid} token and two whole hashes overflow). 128 bits still tell
		 * every two contents apart.
		 */
		static String etagOf(String sha256) {
			return "\"" + sha256.substring(0, 32) + "\"";
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
