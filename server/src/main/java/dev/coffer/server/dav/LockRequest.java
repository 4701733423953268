package dev.coffer.server.dav;

import java.io.IOException;
import java.io.InputStream;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What a LOCK asks for in its body (RFC 4918 §9.10, {@code DAV:lockinfo}): a write lock,
 * exclusive or shared, and who the client says holds it ({@code DAV:owner}, kept as XML
 * that stands on its own, like a dead property's value). A LOCK without a body refreshes
 * a lock instead ({@link #parse} returns null).
 *
 * @param ownerXml the owner's content as XML, or null if the client sent none
 */
record LockRequest(boolean exclusive, String ownerXml) {

	/**
	 * The request in a body, or null for an empty body (a refresh).
	 * @throws DavStatusException 400 for a body that is not a {@code DAV:lockinfo} with a
	 * lock scope and the write lock type, 413 for one over {@link Propfind#MAX_BODY}
	 */
	static LockRequest parse(InputStream body) throws IOException {
		Element root = Propfind.parseBody(body);
		if (root == null) {
			return null;
		}
		if (!Propfind.isDav(root, "lockinfo")) {
			throw new DavStatusException(400);
		}
		Boolean exclusive = null;
		boolean write = false;
		String owner = null;
		for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
			if (!(child instanceof Element element)) {
				continue;
			}
			if (Propfind.isDav(element, "lockscope")) {
				exclusive = has(element, "exclusive") ? Boolean.TRUE : has(element, "shared") ? Boolean.FALSE : null;
			}
			else if (Propfind.isDav(element, "locktype")) {
				write = has(element, "write");
			}
			else if (Propfind.isDav(element, "owner")) {
				owner = Proppatch.content(element);
			}
		}
		if (exclusive == null || !write) {
			throw new DavStatusException(400);
		}
		return new LockRequest(exclusive, owner);
	}

	private static boolean has(Element parent, String name) {
		for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
			if (child instanceof Element element && Propfind.isDav(element, name)) {
				return true;
			}
		}
		return false;
	}

}
