package dev.coffer.server.sharing.requests;

/**
 * A request link with its token in the clear: just made, or its sealed token opened to
 * copy it again. The only moments its token exists in the server's memory.
 */
record IssuedFileRequest(String token, FileRequest request) {

	@Override
	public String toString() {
		return "IssuedFileRequest[id=" + this.request.id() + "]";
	}

}
