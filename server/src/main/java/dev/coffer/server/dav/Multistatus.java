package dev.coffer.server.dav;

import java.io.OutputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.xml.namespace.QName;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import dev.coffer.server.files.ContentDownload;
import dev.coffer.server.files.Quotas;

/**
 * A PROPFIND answer (207, RFC 4918 §13), written as it goes: one {@code response} per
 * resource, the properties found in a 200 {@code propstat}, those asked for and not
 * defined on the resource in a 404 one. The live properties: {@code resourcetype},
 * {@code displayname}, {@code creationdate} (RFC 3339), {@code getlastmodified} (RFC
 * 1123), for files {@code getcontentlength}, {@code getcontenttype} (what a GET sends)
 * and {@code getetag} (a GET's ETag), for folders the quota of RFC 4331, which
 * {@code allprop} leaves out as that RFC says.
 */
final class Multistatus implements AutoCloseable {

	private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter
		.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
		.withZone(ZoneOffset.UTC);

	static final QName RESOURCETYPE = dav("resourcetype");

	static final QName DISPLAYNAME = dav("displayname");

	static final QName CREATIONDATE = dav("creationdate");

	static final QName GETLASTMODIFIED = dav("getlastmodified");

	static final QName GETCONTENTLENGTH = dav("getcontentlength");

	static final QName GETCONTENTTYPE = dav("getcontenttype");

	static final QName GETETAG = dav("getetag");

	static final QName QUOTA_AVAILABLE = dav("quota-available-bytes");

	static final QName QUOTA_USED = dav("quota-used-bytes");

	private static final Set<QName> NOT_IN_ALLPROP = Set.of(QUOTA_AVAILABLE, QUOTA_USED);

	private final XMLStreamWriter xml;

	private final String contextPath;

	private final String topName;

	private final Quotas.Usage usage;

	/**
	 * @param topName the display name of the caller's top folder (their user name)
	 * @param usage the caller's storage, for the quota properties
	 */
	Multistatus(OutputStream out, String contextPath, String topName, Quotas.Usage usage) throws XMLStreamException {
		this.xml = XMLOutputFactory.newInstance().createXMLStreamWriter(out, "UTF-8");
		this.contextPath = contextPath;
		this.topName = topName;
		this.usage = usage;
		this.xml.writeStartDocument("UTF-8", "1.0");
		this.xml.writeStartElement("D", "multistatus", Propfind.DAV);
		this.xml.writeNamespace("D", Propfind.DAV);
	}

	static QName dav(String name) {
		return new QName(Propfind.DAV, name);
	}

	/** One resource's {@code response}, with what the request asks for. */
	void write(DavResource resource, Propfind request) throws XMLStreamException {
		Map<QName, String> live = properties(resource);
		this.xml.writeStartElement("D", "response", Propfind.DAV);
		element("href", resource.path().href(this.contextPath, resource instanceof DavResource.Collection));
		switch (request.kind()) {
			case ALLPROP -> {
				Map<QName, String> shown = new LinkedHashMap<>(live);
				shown.keySet().removeAll(NOT_IN_ALLPROP);
				propstat(shown, true, 200);
			}
			case PROPNAME -> propstat(live, false, 200);
			case PROP -> {
				Map<QName, String> found = new LinkedHashMap<>();
				Map<QName, String> missing = new LinkedHashMap<>();
				for (QName name : request.requested()) {
					(live.containsKey(name) ? found : missing).put(name, live.getOrDefault(name, ""));
				}
				propstat(found, true, 200);
				propstat(missing, false, 404);
			}
		}
		this.xml.writeEndElement();
	}

	private Map<QName, String> properties(DavResource resource) {
		Map<QName, String> live = new LinkedHashMap<>();
		live.put(RESOURCETYPE, (resource instanceof DavResource.Collection) ? "collection" : "");
		live.put(DISPLAYNAME, resource.path().isRoot() ? this.topName : resource.path().name());
		live.put(CREATIONDATE, resource.createdAt().truncatedTo(ChronoUnit.SECONDS).toString());
		live.put(GETLASTMODIFIED, HTTP_DATE.format(resource.modifiedAt()));
		if (resource instanceof DavResource.Document document) {
			live.put(GETCONTENTLENGTH, Long.toString(document.file().size()));
			live.put(GETCONTENTTYPE, DavController.CONTENT_TYPE);
			live.put(GETETAG, ContentDownload.etagOf(document.file().sha256()));
		}
		else {
			live.put(QUOTA_AVAILABLE, Long.toString(Math.max(0, this.usage.quota() - this.usage.used())));
			live.put(QUOTA_USED, Long.toString(this.usage.used()));
		}
		return live;
	}

	private void propstat(Map<QName, String> properties, boolean values, int status) throws XMLStreamException {
		if (properties.isEmpty()) {
			return;
		}
		this.xml.writeStartElement("D", "propstat", Propfind.DAV);
		this.xml.writeStartElement("D", "prop", Propfind.DAV);
		List<String> prefixes = new ArrayList<>();
		for (Map.Entry<QName, String> property : properties.entrySet()) {
			property(property.getKey(), values ? property.getValue() : null, prefixes);
		}
		this.xml.writeEndElement();
		element("status", "HTTP/1.1 " + status + ((status == 200) ? " OK" : " Not Found"));
		this.xml.writeEndElement();
	}

	private void property(QName name, String value, List<String> prefixes) throws XMLStreamException {
		String namespace = name.getNamespaceURI();
		boolean dav = Propfind.DAV.equals(namespace);
		boolean empty = value == null || value.isEmpty();
		if (dav) {
			if (empty) {
				this.xml.writeEmptyElement("D", name.getLocalPart(), Propfind.DAV);
			}
			else {
				this.xml.writeStartElement("D", name.getLocalPart(), Propfind.DAV);
			}
		}
		else if (namespace.isEmpty()) {
			this.xml.writeEmptyElement(name.getLocalPart());
		}
		else {
			String prefix = "ns" + prefixes.size();
			prefixes.add(prefix);
			this.xml.writeEmptyElement(prefix, name.getLocalPart(), namespace);
			this.xml.writeNamespace(prefix, namespace);
		}
		if (!dav || empty) {
			return;
		}
		if (name.equals(RESOURCETYPE)) {
			this.xml.writeEmptyElement("D", "collection", Propfind.DAV);
		}
		else {
			this.xml.writeCharacters(value);
		}
		this.xml.writeEndElement();
	}

	private void element(String name, String text) throws XMLStreamException {
		this.xml.writeStartElement("D", name, Propfind.DAV);
		this.xml.writeCharacters(text);
		this.xml.writeEndElement();
	}

	@Override
	public void close() throws XMLStreamException {
		this.xml.writeEndDocument();
		this.xml.flush();
		this.xml.close();
	}

}
