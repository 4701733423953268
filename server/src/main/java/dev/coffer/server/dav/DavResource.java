package dev.coffer.server.dav;

import java.time.Instant;

import dev.coffer.server.files.Folder;
import dev.coffer.server.files.StoredFile;

/** What a WebDAV path names in the caller's tree: a folder or a file. */
sealed interface DavResource {

	DavPath path();

	Instant createdAt();

	Instant modifiedAt();

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

	}

}
