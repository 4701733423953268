package dev.coffer.server.dav;

import java.time.Duration;
import java.time.Instant;

/**
 * A WebDAV write lock (RFC 4918 §6) on a path of its owner's tree, as {@link DavLocks}
 * stores it.
 *
 * @param token the lock token, an opaque {@code urn:uuid:} URI
 * @param path the lock's root: the URL locked, whether or not anything is there
 * @param infinite whether it also covers everything under the path (Depth infinity)
 * @param exclusive exclusive, or shared with other shared locks
 * @param ownerXml what the client sent as {@code DAV:owner}, as XML, or null
 * @param expiresAt when the lock ends unless it is refreshed
 */
record DavLock(String token, DavPath path, boolean infinite, boolean exclusive, String ownerXml, Instant expiresAt) {

	/** Whether the lock covers a path: its root, or under it for Depth infinity. */
	boolean covers(DavPath other) {
		return other.equals(this.path) || (this.infinite && other.isWithin(this.path));
	}

	/**
	 * The lock as {@code DAV:activelock} (RFC 4918 §14.1), in a document where the prefix
	 * {@code D} is bound to {@code DAV:}.
	 * @param rootIsCollection whether the root is a folder, for its href's trailing /
	 */
	String activelock(String contextPath, boolean rootIsCollection, Instant now) {
		long seconds = Math.max(0, Duration.between(now, this.expiresAt).toSeconds());
		StringBuilder xml = new StringBuilder("<D:activelock><D:locktype><D:write/></D:locktype><D:lockscope><D:")
			.append(this.exclusive ? "exclusive" : "shared")
			.append("/></D:lockscope><D:depth>")
			.append(this.infinite ? "infinity" : "0")
			.append("</D:depth>");
		if (this.ownerXml != null) {
			xml.append("<D:owner>").append(this.ownerXml).append("</D:owner>");
		}
		return xml.append("<D:timeout>Second-")
			.append(seconds)
			.append("</D:timeout><D:locktoken><D:href>")
			.append(this.token)
			.append("</D:href></D:locktoken><D:lockroot><D:href>")
			.append(escape(this.path.href(contextPath, rootIsCollection)))
			.append("</D:href></D:lockroot></D:activelock>")
			.toString();
	}

	/** An href is percent-encoded; only {@code &} can remain to escape. */
	static String escape(String href) {
		return href.replace("&", "&amp;").replace("<", "&lt;");
	}

}
