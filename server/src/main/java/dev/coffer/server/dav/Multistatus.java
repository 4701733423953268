package dev.coffer.server.dav;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.xml.namespace.QName;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import dev.coffer.server.files.Quotas;

/**
 * A PROPFIND answer (207, RFC 4918 §13), written as it goes: one {@code response} per
 * resource, the properties found in a 200 {@code propstat}, those asked for and not
 * defined on the resource in a 404 one. The live properties: {@code resourcetype},
 * {@code displayname}, {@code creationdate} (RFC 3339), {@code getlastmodified} (RFC
 * 1123), for files {@code getcontentlength}, {@code getcontenttype} (what a GET sends)
 * and {@code getetag} (a GET's ETag), for folders the quota of RFC 4331, which
 * {@code allprop} leaves out as that RFC says; and the dead properties PROPPATCH stored.
 * Also a PROPPATCH's answer ({@link #writePatched}).
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

	private final OutputStream out;

	private final XMLStreamWriter xml;

	private final String contextPath;

	private final String topName;

	private final Quotas.Usage usage;

	/**
	 * @param topName the display name of the caller's top folder (their user name)
	 * @param usage the caller's storage, for the quota properties
	 */
	Multistatus(OutputStream out, String contextPath, String topName, Quotas.Usage usage) throws XMLStreamException {
		this.out = out;
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

	/**
	 * One resource's {@code response}, with what the request asks for.
	 * @param dead the properties whose values are XML: the lock properties
	 * ({@link LockProperties}) and the resource's dead properties
	 * ({@link DeadProperties})
	 */
	void write(DavResource resource, Propfind request, Map<QName, String> dead) throws XMLStreamException {
		Map<QName, Value> all = new LinkedHashMap<>();
		properties(resource).forEach((name, text) -> all.put(name, new Value(text, false)));
		dead.forEach((name, xml) -> all.putIfAbsent(name, new Value(xml, true)));
		this.xml.writeStartElement("D", "response", Propfind.DAV);
		href(resource);
		switch (request.kind()) {
			case ALLPROP -> {
				Map<QName, Value> shown = new LinkedHashMap<>(all);
				shown.keySet().removeAll(NOT_IN_ALLPROP);
				propstat(shown, true, 200);
			}
			case PROPNAME -> propstat(all, false, 200);
			case PROP -> {
				Map<QName, Value> found = new LinkedHashMap<>();
				Map<QName, Value> missing = new LinkedHashMap<>();
				for (QName name : request.requested()) {
					if (all.containsKey(name)) {
						found.put(name, all.get(name));
					}
					else {
						missing.put(name, null);
					}
				}
				propstat(found, true, 200);
				propstat(missing, false, 404);
			}
		}
		this.xml.writeEndElement();
	}

	/** A PROPPATCH's answer: each property named, in a propstat of its status. */
	void writePatched(DavResource resource, Map<QName, Integer> statuses) throws XMLStreamException {
		this.xml.writeStartElement("D", "response", Propfind.DAV);
		href(resource);
		for (int status : new LinkedHashSet<>(statuses.values())) {
			Map<QName, Value> names = new LinkedHashMap<>();
			statuses.forEach((name, each) -> {
				if (each == status) {
					names.put(name, null);
				}
			});
			propstat(names, false, status);
		}
		this.xml.writeEndElement();
	}

	/** A property's value: text, or XML as a dead property keeps it. */
	private record Value(String content, boolean xml) {
	}

	private void href(DavResource resource) throws XMLStreamException {
		element("href", resource.path().href(this.contextPath, !(resource instanceof DavResource.Document)));
	}

	private Map<QName, String> properties(DavResource resource) {
		Map<QName, String> live = new LinkedHashMap<>();
		live.put(RESOURCETYPE, (resource instanceof DavResource.Document) ? "" : "collection");
		live.put(DISPLAYNAME, resource.path().isRoot() ? this.topName : resource.path().name());
		live.put(CREATIONDATE, resource.createdAt().truncatedTo(ChronoUnit.SECONDS).toString());
		live.put(GETLASTMODIFIED, HTTP_DATE.format(resource.modifiedAt()));
		if (resource instanceof DavResource.Document document) {
			live.put(GETCONTENTLENGTH, Long.toString(document.file().size()));
			live.put(GETCONTENTTYPE, DavController.CONTENT_TYPE);
			live.put(GETETAG, document.etag());
		}
		else {
			live.put(QUOTA_AVAILABLE, Long.toString(Math.max(0, this.usage.quota() - this.usage.used())));
			live.put(QUOTA_USED, Long.toString(this.usage.used()));
		}
		return live;
	}

	private void propstat(Map<QName, Value> properties, boolean values, int status) throws XMLStreamException {
		if (properties.isEmpty()) {
			return;
		}
		this.xml.writeStartElement("D", "propstat", Propfind.DAV);
		this.xml.writeStartElement("D", "prop", Propfind.DAV);
		int prefixes = 0;
		for (Map.Entry<QName, Value> property : properties.entrySet()) {
			Value value = values ? property.getValue() : null;
			boolean empty = value == null || value.content().isEmpty();
			QName name = property.getKey();
			String namespace = name.getNamespaceURI();
			String prefix = Propfind.DAV.equals(namespace) ? "D" : namespace.isEmpty() ? "" : "ns" + prefixes++;
			if (empty) {
				this.xml.writeEmptyElement(prefix, name.getLocalPart(), namespace);
			}
			else {
				this.xml.writeStartElement(prefix, name.getLocalPart(), namespace);
			}
			if (!prefix.equals("D") && !prefix.isEmpty()) {
				this.xml.writeNamespace(prefix, namespace);
			}
			if (!empty) {
				content(name, value);
				this.xml.writeEndElement();
			}
		}
		this.xml.writeEndElement();
		element("status", "HTTP/1.1 " + status + " " + REASONS.getOrDefault(status, ""));
		this.xml.writeEndElement();
	}

	private static final Map<Integer, String> REASONS = Map.of(200, "OK", 403, "Forbidden", 404, "Not Found", 424,
			"Failed Dependency", 507, "Insufficient Storage");

	private void content(QName name, Value value) throws XMLStreamException {
		if (name.equals(RESOURCETYPE)) {
			this.xml.writeEmptyElement("D", "collection", Propfind.DAV);
		}
		else if (!value.xml()) {
			this.xml.writeCharacters(value.content());
		}
		else {
			// A dead property's XML stands on its own (Proppatch: every element
			// declares its namespace): written as it is, after what the writer holds.
			this.xml.writeCharacters("");
			this.xml.flush();
			try {
				this.out.write(value.content().getBytes(StandardCharsets.UTF_8));
			}
			catch (IOException ex) {
				throw new XMLStreamException(ex);
			}
		}
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
