package dev.coffer.server.dav;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import javax.xml.namespace.QName;

import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * What a PROPPATCH asks (RFC 4918 §9.2): properties to set and to remove, in document
 * order. A value is kept as XML that stands on its own: every element in it declares its
 * namespace ({@code xmlns="…"}, also {@code xmlns=""}), so it can be written back into
 * any answer unchanged, whatever prefixes the request used.
 */
record Proppatch(List<Update> updates) {

	/**
	 * One instruction.
	 *
	 * @param value the property's content as XML, or null to remove it
	 */
	record Update(QName name, String value) {
	}

	/**
	 * The request in a body.
	 * @throws DavStatusException 400 for a body that is not a {@code DAV:propertyupdate}
	 * document, 413 for one over {@link Propfind#MAX_BODY}
	 */
	static Proppatch parse(InputStream body) throws IOException {
		Element root = Propfind.parseBody(body);
		if (root == null || !Propfind.isDav(root, "propertyupdate")) {
			throw new DavStatusException(400);
		}
		List<Update> updates = new ArrayList<>();
		for (Element instruction : children(root)) {
			boolean set = Propfind.isDav(instruction, "set");
			if (!set && !Propfind.isDav(instruction, "remove")) {
				continue;
			}
			for (Element prop : children(instruction)) {
				if (!Propfind.isDav(prop, "prop")) {
					continue;
				}
				for (Element property : children(prop)) {
					updates.add(new Update(Propfind.nameOf(property), set ? content(property) : null));
				}
			}
		}
		if (updates.isEmpty()) {
			throw new DavStatusException(400);
		}
		return new Proppatch(updates);
	}

	private static List<Element> children(Element parent) {
		List<Element> elements = new ArrayList<>();
		for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
			if (child instanceof Element element) {
				elements.add(element);
			}
		}
		return elements;
	}

	/**
	 * An element's content as XML that stands on its own (a property's value, a LOCK's
	 * {@code DAV:owner}).
	 */
	static String content(Element property) {
		StringBuilder xml = new StringBuilder();
		for (Node child = property.getFirstChild(); child != null; child = child.getNextSibling()) {
			append(xml, child);
		}
		return xml.toString();
	}

	private static void append(StringBuilder xml, Node node) {
		switch (node.getNodeType()) {
			case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> escape(xml, node.getNodeValue(), false);
			case Node.ELEMENT_NODE -> {
				String namespace = (node.getNamespaceURI() != null) ? node.getNamespaceURI() : "";
				xml.append('<').append(node.getLocalName()).append(" xmlns=\"");
				escape(xml, namespace, true);
				xml.append('"');
				NamedNodeMap attributes = node.getAttributes();
				for (int i = 0; i < attributes.getLength(); i++) {
					Attr attribute = (Attr) attributes.item(i);
					// Namespace declarations are written above; attributes in a
					// namespace are dropped (none of the known clients sends one).
					if (attribute.getNamespaceURI() == null) {
						xml.append(' ').append(attribute.getLocalName()).append("=\"");
						escape(xml, attribute.getValue(), true);
						xml.append('"');
					}
				}
				xml.append('>');
				for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
					append(xml, child);
				}
				xml.append("</").append(node.getLocalName()).append('>');
			}
			default -> {
				// comments and processing instructions are not part of a value
			}
		}
	}

	private static void escape(StringBuilder xml, String text, boolean attribute) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '<' -> xml.append("&lt;");
				case '>' -> xml.append("&gt;");
				case '&' -> xml.append("&amp;");
				case '"' -> xml.append(attribute ? "&quot;" : "\"");
				case '\r' -> xml.append("&#13;");
				default -> xml.append(c);
			}
		}
	}

}
