package dev.coffer.server.sharing.links;

/**
 * A folder link with its token in the clear: just made, or its sealed token opened to
 * copy it again; {@code token} is {@code null} for a link that cannot be copied.
 *
 * @param folderName the linked folder's name
 */
record IssuedFolderLink(String token, FolderLink link, String folderName) {

	@Override
	public String toString() {
		return "IssuedFolderLink[id=" + this.link.id() + "]";
	}

}
