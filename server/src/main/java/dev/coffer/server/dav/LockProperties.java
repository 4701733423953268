package dev.coffer.server.dav;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.namespace.QName;

/**
 * The lock properties of a PROPFIND's resources (RFC 4918 §15.8, §15.10): the locks this
 * server grants ({@code supportedlock}: write locks, exclusive or shared) and those that
 * cover each resource ({@code lockdiscovery}), from the caller's locks looked up once for
 * the whole answer. Both are in {@code allprop}.
 *
 * @param active the caller's locks that have not expired
 */
record LockProperties(List<DavLock> active, String contextPath, Instant now) {

	static final QName SUPPORTEDLOCK = Multistatus.dav("supportedlock");

	static final QName LOCKDISCOVERY = Multistatus.dav("lockdiscovery");

	private static final String SUPPORTED = "<D:lockentry><D:lockscope><D:exclusive/></D:lockscope>"
			+ "<D:locktype><D:write/></D:locktype></D:lockentry><D:lockentry><D:lockscope><D:shared/></D:lockscope>"
			+ "<D:locktype><D:write/></D:locktype></D:lockentry>";

	/**
	 * The lock properties of a resource, as XML, followed by its dead properties.
	 */
	Map<QName, String> with(DavResource resource, Map<QName, String> dead) {
		StringBuilder discovery = new StringBuilder();
		for (DavLock lock : this.active) {
			if (lock.covers(resource.path())) {
				boolean rootIsCollection = !lock.path().equals(resource.path())
						|| !(resource instanceof DavResource.Document);
				discovery.append(lock.activelock(this.contextPath, rootIsCollection, this.now));
			}
		}
		Map<QName, String> properties = new LinkedHashMap<>();
		properties.put(SUPPORTEDLOCK, SUPPORTED);
		properties.put(LOCKDISCOVERY, discovery.toString());
		properties.putAll(dead);
		return properties;
	}

}
