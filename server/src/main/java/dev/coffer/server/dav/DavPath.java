package dev.coffer.server.dav;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.web.util.UriUtils;

import dev.coffer.server.files.FileService;

/**
 * A path in the caller's tree as WebDAV addresses it: {@code /dav/} is their top folder,
 * {@code /dav/reports/q1.pdf} a file in it. Segments are percent-decoded one by one (so
 * an encoded {@code /} can never split one), each a valid file name; empty segments (a
 * trailing {@code /}) are dropped, so a folder answers with or without it.
 */
record DavPath(List<String> segments) {

	static final String PREFIX = "/dav";

	static final DavPath ROOT = new DavPath(List.of());

	DavPath {
		segments = List.copyOf(segments);
	}

	/**
	 * The path of a request URI's path ({@code /dav/...}, context path removed, still
	 * percent-encoded).
	 * @throws DavStatusException 404 for a path outside {@code /dav}, 400 for a segment
	 * that is no valid name
	 */
	static DavPath parse(String rawPath) {
		if (!rawPath.equals(PREFIX) && !rawPath.startsWith(PREFIX + "/")) {
			throw new DavStatusException(404);
		}
		List<String> segments = new ArrayList<>();
		for (String raw : rawPath.substring(PREFIX.length()).split("/")) {
			if (raw.isEmpty()) {
				continue;
			}
			String name;
			try {
				name = UriUtils.decode(raw, StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				throw new DavStatusException(400);
			}
			FileService.requireValidName(name);
			// Stored names are NFC; a client that sends another form (macOS sends NFD)
			// reaches the same file.
			segments.add(Normalizer.normalize(name, Normalizer.Form.NFC));
		}
		return new DavPath(segments);
	}

	/**
	 * The path a {@code Destination} header names, which must be on the server the
	 * request came to.
	 * @throws DavStatusException 400 if missing or malformed, 502 for another host (RFC
	 * 4918 §9.8.5: a server that cannot reach it), 403 for a path outside {@code /dav/}
	 */
	static DavPath destination(String header, HttpServletRequest request) {
		String contextPath = request.getContextPath();
		if (header == null || header.isBlank()) {
			throw new DavStatusException(400);
		}
		URI uri;
		try {
			uri = URI.create(header.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new DavStatusException(400);
		}
		if (uri.getRawAuthority() != null && !isThisServer(uri, request)) {
			throw new DavStatusException(502);
		}
		String path = uri.getRawPath();
		if (path == null || !path.startsWith(contextPath + PREFIX + "/")) {
			throw new DavStatusException(403);
		}
		return parse(path.substring(contextPath.length()));
	}

	/**
	 * Whether an absolute URI names the server the request came to: the authority of its
	 * {@code Host} header, or the name and port the server sees for itself (the same
	 * behind a proxy that forwards its own host name).
	 */
	private static boolean isThisServer(URI uri, HttpServletRequest request) {
		String host = request.getHeader(HttpHeaders.HOST);
		if (host != null && uri.getRawAuthority().equalsIgnoreCase(host)) {
			return true;
		}
		int port = (uri.getPort() != -1) ? uri.getPort() : ("http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443);
		return uri.getHost() != null && uri.getHost().equalsIgnoreCase(request.getServerName())
				&& port == request.getServerPort();
	}

	boolean isRoot() {
		return this.segments.isEmpty();
	}

	String name() {
		return this.segments.getLast();
	}

	/** The folder's path the last segment is in; not for the root. */
	DavPath parent() {
		return new DavPath(this.segments.subList(0, this.segments.size() - 1));
	}

	DavPath child(String name) {
		List<String> child = new ArrayList<>(this.segments);
		child.add(name);
		return new DavPath(child);
	}

	/** Whether this is {@code other} or inside it. */
	boolean isWithin(DavPath other) {
		return this.segments.size() >= other.segments.size()
				&& this.segments.subList(0, other.segments.size()).equals(other.segments);
	}

	/**
	 * The path as an href: absolute, each segment percent-encoded, and a folder's with a
	 * trailing {@code /}. A {@code ;} is encoded too ({@code %3B}), though a path segment
	 * may hold it: a client that takes the href for a URL of its own then does not make
	 * it a path parameter.
	 */
	String href(String contextPath, boolean collection) {
		StringBuilder href = new StringBuilder(contextPath).append(PREFIX);
		for (String segment : this.segments) {
			href.append('/').append(UriUtils.encodePathSegment(segment, StandardCharsets.UTF_8).replace(";", "%3B"));
		}
		return (collection || isRoot()) ? href.append('/').toString() : href.toString();
	}

}
