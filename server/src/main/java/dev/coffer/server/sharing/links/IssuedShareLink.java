package dev.coffer.server.sharing.links;

/**
 * A link just made: the only moment its token exists in the server, before it is shown to
 * the owner once.
 */
record IssuedShareLink(String token, ShareLink link) {

	@Override
	public String toString() {
		return "IssuedShareLink[id=" + this.link.id() + "]";
	}

}
