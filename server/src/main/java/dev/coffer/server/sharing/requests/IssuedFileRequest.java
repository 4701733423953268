package dev.coffer.server.sharing.requests;

/**
 * A request link just made: the only moment its token exists in the server, before it is
 * shown to its owner once.
 */
record IssuedFileRequest(String token, FileRequest request) {

	@Override
	public String toString() {
		return "IssuedFileRequest[id=" + this.request.id() + "]";
	}

}
