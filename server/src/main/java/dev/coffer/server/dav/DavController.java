package dev.coffer.server.dav;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.xml.namespace.QName;

import javax.xml.stream.XMLStreamException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;

import dev.coffer.server.ConflictException;
import dev.coffer.server.DomainException;
import dev.coffer.server.InsufficientStorageException;
import dev.coffer.server.InvalidInputException;
import dev.coffer.server.NotFoundException;
import dev.coffer.server.OperationNotAllowedException;
import dev.coffer.server.PayloadTooLargeException;
import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.files.ContentDownload;
import dev.coffer.server.files.Quotas;

/**
 * WebDAV classes 1 and 2 (RFC 4918) at {@code /dav/}, with dead properties (PROPPATCH)
 * and write locks (LOCK, UNLOCK, the {@code If} header; {@link DavLocks}), and
 * {@code If-Match}/{@code If-None-Match} ({@link Preconditions}): the caller's own tree,
 * their top folder at the root, and what others shared with them ({@link SharedWithMe}).
 * One handler takes every method, as Spring MVC maps no WebDAV method by name;
 * authentication is {@code security.DavAuthenticationFilter}'s (Basic with an access
 * token). Answers are statuses and multistatus documents, never error pages: the files
 * feature's errors become the status a DAV client acts on (a quota or size limit is 507,
 * a name taken 409, anything not visible 404). See docs/WEBDAV.md.
 */
@Controller
class DavController {

	/** What a GET sends and {@code getcontenttype} says: downloads are never typed. */
	static final String CONTENT_TYPE = "application/octet-stream";

	/**
	 * The namespace of the {@code message} element an error's body carries: a sentence
	 * for the user, where SabreDAV (Nextcloud) puts its own, which rclone and others
	 * show.
	 */
	static final String MESSAGE_NAMESPACE = "urn:x-coffer:dav";

	static final String ALLOW = "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, MKCOL, COPY, MOVE, LOCK, UNLOCK";

	private final DavTree tree;

	private final DavTransfers transfers;

	private final ContentDownload downloads;

	private final Quotas quotas;

	private final DeadProperties deadProperties;

	private final DavLocks locks;

	private final LockMethods locking;

	DavController(DavTree tree, DavTransfers transfers, ContentDownload downloads, Quotas quotas,
			DeadProperties deadProperties, DavLocks locks, LockMethods locking) {
		this.deadProperties = deadProperties;
		this.locks = locks;
		this.locking = locking;
		this.tree = tree;
		this.transfers = transfers;
		this.downloads = downloads;
		this.quotas = quotas;
	}

	@RequestMapping(path = { "/dav", "/dav/**" }, method = RequestMethod.OPTIONS)
	void options(HttpServletResponse response) {
		response.setHeader("DAV", "1, 2");
		response.setHeader("MS-Author-Via", "DAV");
		response.setHeader(HttpHeaders.ALLOW, ALLOW);
		response.setContentLength(0);
	}

	@RequestMapping(path = { "/dav", "/dav/**" })
	void handle(CurrentUser user, HttpServletRequest request, HttpServletResponse response)
			throws IOException, XMLStreamException {
		try {
			DavPath path = DavPath.parse(request.getRequestURI().substring(request.getContextPath().length()));
			Preconditions.check(request, () -> this.tree.find(user.id(), path));
			switch (request.getMethod()) {
				case "PROPFIND" -> propfind(user, path, request, response);
				case "PROPPATCH" -> {
					this.locking.checkWrite(user, path, request, LockMethods.change(path));
					proppatch(user, path, request, response);
				}
				case "GET", "HEAD" -> get(user, path, request, response);
				case "PUT" -> {
					if (this.tree.ignores(path)) {
						// coffer.dav.macos-metadata=ignore: read and dropped, as if
						// stored.
						request.getInputStream().transferTo(OutputStream.nullOutputStream());
						response.setStatus(HttpServletResponse.SC_CREATED);
						return;
					}
					this.locking.checkWrite(user, path, request,
							this.tree.find(user.id(), path).isPresent() ? LockMethods.change(path)
									: List.of(new DavLocks.Change(path, false), LockMethods.parentOf(path)));
					response.setStatus(this.transfers.put(user.id(), path, request.getContentLengthLong(),
							request.getInputStream()) ? HttpServletResponse.SC_CREATED
									: HttpServletResponse.SC_NO_CONTENT);
				}
				case "MKCOL" -> {
					this.locking.checkWrite(user, path, request,
							List.of(new DavLocks.Change(path, true), LockMethods.parentOf(path)));
					mkcol(user, path, request, response);
				}
				case "DELETE" -> {
					DavResource resource = this.tree.require(user.id(), path);
					this.locking.checkWrite(user, path, request,
							List.of(new DavLocks.Change(path, true), LockMethods.parentOf(path)));
					this.transfers.delete(user.id(), resource);
					this.locks.release(user.id(), path);
					response.setStatus(HttpServletResponse.SC_NO_CONTENT);
				}
				case "COPY", "MOVE" -> transfer(user, path, request, response);
				case "LOCK" -> this.locking.lock(user, path, request, response);
				case "UNLOCK" -> this.locking.unlock(user, path, request, response);
				default -> {
					response.setHeader(HttpHeaders.ALLOW, ALLOW);
					response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
				}
			}
		}
		catch (DavStatusException ex) {
			answer(response, ex, request.getContextPath());
		}
		catch (DomainException ex) {
			// Its message is written for the user and safe to show (a share's
			// "Only the owner can delete this file.").
			answer(response, DavStatusException.saying(statusOf(ex), ex.getMessage()), request.getContextPath());
		}
	}

	private void propfind(CurrentUser user, DavPath path, HttpServletRequest request, HttpServletResponse response)
			throws IOException, XMLStreamException {
		String depth = request.getHeader("Depth");
		if (depth == null || depth.equalsIgnoreCase("infinity")) {
			// RFC 4918 §9.1: a server may refuse it, saying so in the body.
			throw new DavStatusException(HttpServletResponse.SC_FORBIDDEN, "propfind-finite-depth", List.of());
		}
		if (!depth.equals("0") && !depth.equals("1")) {
			throw new DavStatusException(HttpServletResponse.SC_BAD_REQUEST);
		}
		Propfind asked = Propfind.parse(request.getInputStream());
		DavResource resource = this.tree.require(user.id(), path);
		LockProperties lockProperties = new LockProperties(this.locks.active(user.id()), request.getContextPath(),
				this.locks.now());
		response.setStatus(207);
		response.setContentType("application/xml;charset=UTF-8");
		try (Multistatus multistatus = new Multistatus(response.getOutputStream(), request.getContextPath(),
				user.username(), this.quotas.usage(user.id()))) {
			multistatus.write(resource, asked, lockProperties.with(resource, this.deadProperties.of(resource)));
			if (depth.equals("1")) {
				this.tree.eachPage(user.id(), resource, (page) -> write(multistatus, page, asked, lockProperties));
			}
		}
	}

	private void proppatch(CurrentUser user, DavPath path, HttpServletRequest request, HttpServletResponse response)
			throws IOException, XMLStreamException {
		DavResource resource = this.tree.require(user.id(), path);
		if (!resource.isOwnedBy(user.id())) {
			// Dead properties are the owner's, as names are; the caller can see it.
			throw DavStatusException.refused("Only the owner can change the properties of this.");
		}
		Map<QName, Integer> statuses = this.deadProperties.apply(resource, Proppatch.parse(request.getInputStream()));
		response.setStatus(207);
		response.setContentType("application/xml;charset=UTF-8");
		try (Multistatus multistatus = new Multistatus(response.getOutputStream(), request.getContextPath(),
				user.username(), this.quotas.usage(user.id()))) {
			multistatus.writePatched(resource, statuses);
		}
	}

	/** A page of a folder's entries, their dead properties looked up together. */
	private void write(Multistatus multistatus, List<DavResource> page, Propfind asked, LockProperties locks) {
		Map<DavResource, Map<QName, String>> dead = this.deadProperties.of(page);
		try {
			for (DavResource resource : page) {
				multistatus.write(resource, asked, locks.with(resource, dead.getOrDefault(resource, Map.of())));
			}
		}
		catch (XMLStreamException ex) {
			throw new IllegalStateException("Writing the PROPFIND answer failed", ex);
		}
	}

	private void get(CurrentUser user, DavPath path, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		if (this.tree.require(user.id(), path) instanceof DavResource.Document document) {
			this.downloads.sendCurrent(user.id(), document.file().id(), DavResource.Document::etagOf, request,
					response);
			return;
		}
		// A folder has no content of its own; PROPFIND lists it.
		response.setHeader(HttpHeaders.ALLOW, ALLOW);
		answer(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED);
	}

	private void mkcol(CurrentUser user, DavPath path, HttpServletRequest request, HttpServletResponse response) {
		if (request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
			// RFC 4918 §9.3: a body we do not understand.
			throw new DavStatusException(415);
		}
		this.transfers.mkcol(user.id(), path);
		response.setStatus(HttpServletResponse.SC_CREATED);
	}

	private void transfer(CurrentUser user, DavPath path, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		boolean move = request.getMethod().equals("MOVE");
		DavPath destination = DavPath.destination(request.getHeader("Destination"), request);
		String overwrite = request.getHeader("Overwrite");
		String depth = request.getHeader("Depth");
		if ((overwrite != null && !overwrite.equals("T") && !overwrite.equals("F"))
				|| (depth != null && !depth.equals("0") && !depth.equalsIgnoreCase("infinity"))) {
			throw new DavStatusException(HttpServletResponse.SC_BAD_REQUEST);
		}
		List<DavLocks.Change> changes = new ArrayList<>(
				List.of(new DavLocks.Change(destination, true), LockMethods.parentOf(destination)));
		if (move) {
			changes.add(new DavLocks.Change(path, true));
			changes.add(LockMethods.parentOf(path));
		}
		this.locking.checkWrite(user, path, request, changes);
		boolean replaced = this.transfers.transfer(user.id(), path, destination, move, !"F".equals(overwrite),
				!"0".equals(depth));
		if (move) {
			// Locks stay on their URLs (RFC 4918 §7.7): the destination's go on covering
			// it.
			this.locks.release(user.id(), path);
		}
		response.setStatus(replaced ? HttpServletResponse.SC_NO_CONTENT : HttpServletResponse.SC_CREATED);
	}

	/** The status a DAV client acts on for each of the files feature's errors. */
	static int statusOf(DomainException ex) {
		return switch (ex) {
			case NotFoundException notFound -> HttpServletResponse.SC_NOT_FOUND;
			case ConflictException conflict -> HttpServletResponse.SC_CONFLICT;
			case OperationNotAllowedException notAllowed -> HttpServletResponse.SC_FORBIDDEN;
			// RFC 4918 §11.5: no room for the resource, whichever limit it is.
			case PayloadTooLargeException tooLarge -> 507;
			case InsufficientStorageException full -> 507;
			case InvalidInputException invalid -> HttpServletResponse.SC_BAD_REQUEST;
			default -> HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
		};
	}

	private static void answer(HttpServletResponse response, DavStatusException ex, String contextPath)
			throws IOException {
		if ((ex.condition() == null && ex.message() == null) || response.isCommitted()) {
			answer(response, ex.status());
			return;
		}
		response.resetBuffer();
		response.setStatus(ex.status());
		response.setContentType("application/xml;charset=UTF-8");
		StringBuilder body = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<D:error xmlns:D=\"DAV:\"")
			.append((ex.message() != null) ? " xmlns:C=\"" + MESSAGE_NAMESPACE + "\">" : ">");
		if (ex.condition() != null && ex.paths().isEmpty()) {
			body.append("<D:").append(ex.condition()).append("/>");
		}
		else if (ex.condition() != null) {
			body.append("<D:").append(ex.condition()).append('>');
			ex.paths()
				.forEach((path) -> body.append("<D:href>")
					.append(DavLock.escape(path.href(contextPath, false)))
					.append("</D:href>"));
			body.append("</D:").append(ex.condition()).append('>');
		}
		if (ex.message() != null) {
			body.append("<C:message>").append(escapeText(ex.message())).append("</C:message>");
		}
		response.getWriter().write(body.append("</D:error>\n").toString());
	}

	private static String escapeText(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

	private static void answer(HttpServletResponse response, int status) {
		if (!response.isCommitted()) {
			response.resetBuffer();
			response.setStatus(status);
			response.setContentLength(0);
		}
	}

}
