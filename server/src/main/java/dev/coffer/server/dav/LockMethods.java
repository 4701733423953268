package dev.coffer.server.dav;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;

import dev.coffer.server.account.CurrentUser;

/**
 * WebDAV's lock methods for {@link DavController}: LOCK and UNLOCK (RFC 4918 §9.10,
 * §9.11), and the check of the {@code If} header and the caller's locks before every
 * request that changes something; the locks themselves are {@link DavLocks}'.
 */
@Component
class LockMethods {

	private final DavTree tree;

	private final DavLocks locks;

	private final DavTransfers transfers;

	LockMethods(DavTree tree, DavLocks locks, DavTransfers transfers) {
		this.tree = tree;
		this.locks = locks;
		this.transfers = transfers;
	}

	/**
	 * LOCK (RFC 4918 §9.10): a new lock (200, or 201 where nothing was: an empty file is
	 * made there and locked, as §9.10.4 asks; the PUT with the token that follows gives
	 * it its content), or with no body a refresh of the lock the {@code If} header
	 * submits.
	 */
	void lock(CurrentUser user, DavPath path, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		LockRequest asked = LockRequest.parse(request.getInputStream());
		Duration timeout = this.locks.timeout(request.getHeader("Timeout"));
		Optional<DavResource> resource = this.tree.find(user.id(), path);
		DavLock lock;
		if (asked == null) {
			IfHeader ifHeader = IfHeader.parse(request.getHeader("If"), request.getContextPath());
			if (ifHeader == null) {
				throw new DavStatusException(HttpServletResponse.SC_BAD_REQUEST);
			}
			lock = this.locks.refresh(user.id(), path, ifHeader.tokens(), timeout);
			response.setStatus(HttpServletResponse.SC_OK);
		}
		else {
			String depth = request.getHeader("Depth");
			if (depth != null && !depth.equals("0") && !depth.equalsIgnoreCase("infinity")) {
				throw new DavStatusException(HttpServletResponse.SC_BAD_REQUEST);
			}
			if (resource.isEmpty()) {
				// 409 if there is no folder for it
				this.tree.parentFolder(user.id(), path);
			}
			lock = this.locks.lock(user.id(), path, !"0".equals(depth), asked, timeout);
			if (resource.isEmpty()) {
				makeEmptyFile(user, path, lock);
			}
			response.setHeader("Lock-Token", "<" + lock.token() + ">");
			response.setStatus(resource.isPresent() ? HttpServletResponse.SC_OK : HttpServletResponse.SC_CREATED);
		}
		boolean rootIsCollection = !lock.path().equals(path)
				|| resource.filter((found) -> !(found instanceof DavResource.Document)).isPresent();
		response.setContentType("application/xml;charset=UTF-8");
		response.getWriter()
			.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<D:prop xmlns:D=\"DAV:\"><D:lockdiscovery>"
					+ lock.activelock(request.getContextPath(), rootIsCollection, this.locks.now())
					+ "</D:lockdiscovery></D:prop>\n");
	}

	/**
	 * The empty, locked file of a LOCK on an unmapped URL; no lock if it cannot be made.
	 */
	private void makeEmptyFile(CurrentUser user, DavPath path, DavLock lock) throws IOException {
		try {
			this.transfers.put(user.id(), path, 0, InputStream.nullInputStream());
		}
		catch (IOException | RuntimeException ex) {
			this.locks.unlock(user.id(), path, lock.token());
			throw ex;
		}
	}

	/**
	 * UNLOCK (RFC 4918 §9.11): 204, or 409 if the {@code Lock-Token} is no lock of the
	 * caller's on the path.
	 */
	void unlock(CurrentUser user, DavPath path, HttpServletRequest request, HttpServletResponse response) {
		String token = request.getHeader("Lock-Token");
		if (token == null || !token.strip().startsWith("<") || !token.strip().endsWith(">")) {
			throw new DavStatusException(HttpServletResponse.SC_BAD_REQUEST);
		}
		String stripped = token.strip();
		if (!this.locks.unlock(user.id(), path, stripped.substring(1, stripped.length() - 1))) {
			throw new DavStatusException(HttpServletResponse.SC_CONFLICT, "lock-token-matches-request-uri", List.of());
		}
		response.setStatus(HttpServletResponse.SC_NO_CONTENT);
	}

	/**
	 * Checks a request that changes what {@code changes} name against the caller's locks.
	 * @see DavLocks#checkWrite
	 */
	void checkWrite(CurrentUser user, DavPath path, HttpServletRequest request, List<DavLocks.Change> changes) {
		IfHeader ifHeader = IfHeader.parse(request.getHeader("If"), request.getContextPath());
		// A header may name the same resource many times: each is looked up once.
		Map<DavPath, Optional<String>> etags = new HashMap<>();
		this.locks.checkWrite(user.id(), path, ifHeader,
				(resource) -> etags.computeIfAbsent(resource, (key) -> etagOf(user.id(), key)), changes);
	}

	private Optional<String> etagOf(String userId, DavPath path) {
		return this.tree.find(userId, path)
			.filter(DavResource.Document.class::isInstance)
			.map((document) -> ((DavResource.Document) document).etag());
	}

	static List<DavLocks.Change> change(DavPath path) {
		return List.of(new DavLocks.Change(path, false));
	}

	/** A new or removed member changes its folder, which a Depth 0 lock protects too. */
	static DavLocks.Change parentOf(DavPath path) {
		return new DavLocks.Change(path.isRoot() ? path : path.parent(), false);
	}

}
