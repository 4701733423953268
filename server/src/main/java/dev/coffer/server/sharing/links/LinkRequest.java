package dev.coffer.server.sharing.links;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What the owner chooses for a new link; every field may be left out.
 *
 * @param expiresInDays days until the link expires (default 7, at most the configured
 * maximum)
 * @param password a password the link asks for, 8-128 characters; none if absent
 * @param maxDownloads how many downloads the link serves; unlimited if absent
 * @param version the number of the version to serve for good; the file's current version
 * at each download if absent
 */
@Schema(description = "A new public link. Every field is optional.")
record LinkRequest(@Schema(description = "Days until the link expires (default 7)") Integer expiresInDays,
		@Schema(description = "Password the link asks for, 8-128 characters", writeOnly = true) String password,
		@Schema(description = "How many downloads the link serves; unlimited if absent") Integer maxDownloads,
		@Schema(description = "Serve this version number for good; the current version if absent") Integer version) {

	@Override
	public String toString() {
		return "LinkRequest[expiresInDays=" + this.expiresInDays + ", maxDownloads=" + this.maxDownloads + ", version="
				+ this.version + ", password=" + ((this.password != null) ? "***" : "none") + "]";
	}

}
