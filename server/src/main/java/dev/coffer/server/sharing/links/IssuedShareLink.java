package dev.coffer.server.sharing.links;

/**
 * A link with its token in the clear: just made, or its sealed token opened to copy it
 * again. The only moments its token exists in the server's memory.
 *
 * @param fileName the linked file's name
 */
record IssuedShareLink(String token, ShareLink link, String fileName) {

	@Override
	public String toString() {
		return "IssuedShareLink[id=" + this.link.id() + "]";
	}

}
