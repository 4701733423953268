package dev.coffer.server.dav;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * What a PROPFIND asks for (RFC 4918 §9.1): every property ({@code allprop}, also for an
 * empty body), their names only ({@code propname}), or the properties listed
 * ({@code prop}). The body is parsed with DTDs refused and external entities off, and
 * read up to {@link #MAX_BODY} bytes.
 *
 * @param requested the properties a {@code prop} request lists, in order
 */
record Propfind(Kind kind, List<QName> requested) {

	static final String DAV = "DAV:";

	/** A PROPFIND body names a few properties; anything larger is refused. */
	static final int MAX_BODY = 64 * 1024;

	enum Kind {

		ALLPROP, PROPNAME, PROP

	}

	static final Propfind ALL = new Propfind(Kind.ALLPROP, List.of());

	/**
	 * The request in a body.
	 * @throws DavStatusException 400 for a body that is not a {@code DAV:propfind}
	 * document, 413 for one over {@link #MAX_BODY}
	 */
	static Propfind parse(InputStream body) throws IOException {
		Element root = parseBody(body);
		if (root == null) {
			return ALL;
		}
		if (!isDav(root, "propfind")) {
			throw new DavStatusException(400);
		}
		for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
			if (!(child instanceof Element element)) {
				continue;
			}
			if (isDav(element, "allprop")) {
				return ALL;
			}
			if (isDav(element, "propname")) {
				return new Propfind(Kind.PROPNAME, List.of());
			}
			if (isDav(element, "prop")) {
				List<QName> names = new ArrayList<>();
				for (Node prop = element.getFirstChild(); prop != null; prop = prop.getNextSibling()) {
					if (prop instanceof Element named) {
						names.add(nameOf(named));
					}
				}
				return new Propfind(Kind.PROP, names);
			}
		}
		throw new DavStatusException(400);
	}

	/**
	 * The root element of a request body, or null for an empty body.
	 * @throws DavStatusException 400 for a body that is not XML, 413 for one over
	 * {@link #MAX_BODY}
	 */
	static Element parseBody(InputStream body) throws IOException {
		byte[] bytes = body.readNBytes(MAX_BODY + 1);
		if (bytes.length > MAX_BODY) {
			throw new DavStatusException(413);
		}
		return (bytes.length == 0) ? null : parseXml(bytes).getDocumentElement();
	}

	/** A property's name: its namespace ("" for none) and local name. */
	static QName nameOf(Element property) {
		String namespace = property.getNamespaceURI();
		return new QName((namespace != null) ? namespace : "", property.getLocalName());
	}

	static boolean isDav(Element element, String name) {
		return DAV.equals(element.getNamespaceURI()) && name.equals(element.getLocalName());
	}

	private static Document parseXml(byte[] bytes) throws IOException {
		try {
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setNamespaceAware(true);
			factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			factory.setXIncludeAware(false);
			factory.setExpandEntityReferences(false);
			DocumentBuilder builder = factory.newDocumentBuilder();
			builder.setErrorHandler(new DefaultHandler()); // errors throw, never print
			return builder.parse(new ByteArrayInputStream(bytes));
		}
		catch (SAXException ex) {
			throw new DavStatusException(400);
		}
		catch (ParserConfigurationException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
