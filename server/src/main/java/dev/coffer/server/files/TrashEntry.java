package dev.coffer.server.files;

import java.time.Instant;

import dev.coffer.server.NotFoundException;

/**
 * A file or folder in its owner's trash.
 *
 * @param kind whether it is a file or a folder
 * @param id its id, which it keeps when restored
 * @param ownerId whose trash it is in
 * @param name the name it had when it was deleted
 * @param folderId the folder it was in, where a restore puts it back if that folder is
 * still there
 * @param folderName that folder's name ("" for the owner's top folder)
 * @param size the bytes of all versions of the file, or of every file the folder holds
 * (what it counts against the quota); null for a folder where that was not counted
 * @param trashedAt when it was deleted
 */
public record TrashEntry(Kind kind, String id, String ownerId, String name, String folderId, String folderName,
		Long size, Instant trashedAt) {

	/** This entry with {@code size} as its size. */
	public TrashEntry withSize(long size) {
		return new TrashEntry(this.kind, this.id, this.ownerId, this.name, this.folderId, this.folderName, size,
				this.trashedAt);
	}

	/** What is in the trash: the two kinds have separate ids. */
	public enum Kind {

		FILE, FOLDER;

		/** The kind named in a URL ({@code files} or {@code folders}). */
		public static Kind fromPath(String segment) {
			return switch (segment) {
				case "files" -> FILE;
				case "folders" -> FOLDER;
				default -> throw new NotFoundException("There is no such thing in the trash.");
			};
		}

		public String path() {
			return (this == FILE) ? "files" : "folders";
		}

	}

}
