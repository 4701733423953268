package dev.coffer.server.dav;

import java.util.Optional;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;

import dev.coffer.server.files.EntityTags;

/**
 * {@code If-Match} and {@code If-None-Match} (RFC 9110 §13.1.1, §13.1.2) on the resource
 * a request names, checked before the method does anything: a client that saves only over
 * the version it read ({@code If-Match: "<etag>"}) or only where nothing is yet
 * ({@code If-None-Match: *}) gets {@code 412 Precondition Failed} instead of overwriting
 * someone's change. A file's entity tag is the strong ETag a GET sends
 * ({@link DavResource.Document#etagOf}); a collection exists but has none, so only
 * {@code *} matches it. For GET and HEAD, a matching {@code If-None-Match} is the
 * download's {@code 304}, not checked here.
 */
final class Preconditions {

	private Preconditions() {
	}

	/**
	 * @param target what is at the request's URL, looked up only if the request has a
	 * conditional header
	 * @throws DavStatusException 412 if a condition is false
	 */
	static void check(HttpServletRequest request, Supplier<Optional<DavResource>> target) {
		String ifMatch = request.getHeader(HttpHeaders.IF_MATCH);
		String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
		boolean safe = request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
		if (ifMatch == null && (ifNoneMatch == null || safe)) {
			return;
		}
		Optional<DavResource> resource = target.get();
		String etag = resource.filter(DavResource.Document.class::isInstance)
			.map((document) -> ((DavResource.Document) document).etag())
			.orElse(null);
		// §13.2.2: If-Match first, then If-None-Match; both must hold.
		if (ifMatch != null && !EntityTags.matches(ifMatch, resource.isPresent(), etag, false)) {
			throw new DavStatusException(412);
		}
		if (ifNoneMatch != null && !safe && EntityTags.matches(ifNoneMatch, resource.isPresent(), etag, true)) {
			throw new DavStatusException(412);
		}
	}

}
