package dev.coffer.server.dav;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;

import dev.coffer.server.DomainException;

/**
 * An {@code If} header (RFC 4918 §10.4): lists of conditions, each on the request's
 * resource (untagged) or on the resource its tag names. A condition is a state token
 * ({@code <urn:uuid:…>}, true if a lock with that token covers the resource) or an entity
 * tag ({@code ["…"]}, true if the resource's ETag is that one), either negated by
 * {@code Not}. A list holds when all its conditions do, the header when one of its lists
 * does. The lock tokens a client submits are those in its conditions that are not
 * negated.
 */
record IfHeader(List<Clause> lists) {

	/** An {@code If} header longer than this is refused (400): no client needs one. */
	static final int MAX_LENGTH = 16 * 1024;

	/**
	 * One list.
	 *
	 * @param tagged whether a resource tag precedes it
	 * @param resource the tagged resource in the caller's tree, or null if untagged or if
	 * the tag names nothing under {@code /dav/} (then only negated conditions hold)
	 */
	record Clause(boolean tagged, DavPath resource, List<Condition> conditions) {
	}

	/**
	 * @param token a state token, or null for an entity tag
	 * @param etag an entity tag as sent (with its quotes), or null for a state token
	 */
	record Condition(boolean not, String token, String etag) {
	}

	/**
	 * The header's lists, or null if there is no header.
	 * @param contextPath to find the path of a tag's URL
	 * @throws DavStatusException 400 for a header that does not follow the grammar
	 */
	static IfHeader parse(String header, String contextPath) {
		if (header == null) {
			return null;
		}
		if (header.length() > MAX_LENGTH) {
			throw new DavStatusException(400);
		}
		List<Clause> lists = new ArrayList<>();
		Cursor cursor = new Cursor(header);
		boolean tagged = false;
		DavPath resource = null;
		while (cursor.skipSpace()) {
			char next = cursor.next();
			if (next == '<') {
				if (!lists.isEmpty() && !tagged) {
					throw new DavStatusException(400); // tagged and untagged lists mixed
				}
				tagged = true;
				resource = pathOf(cursor.until('>'), contextPath);
				cursor.skipSpace();
				if (cursor.peek() != '(') {
					throw new DavStatusException(400);
				}
			}
			else if (next == '(') {
				lists.add(new Clause(tagged, resource, conditions(cursor)));
			}
			else {
				throw new DavStatusException(400);
			}
		}
		if (lists.isEmpty()) {
			throw new DavStatusException(400);
		}
		return new IfHeader(List.copyOf(lists));
	}

	private static List<Condition> conditions(Cursor cursor) {
		List<Condition> conditions = new ArrayList<>();
		boolean not = false;
		while (cursor.skipSpace()) {
			char next = cursor.next();
			switch (next) {
				case ')' -> {
					if (conditions.isEmpty() || not) {
						throw new DavStatusException(400);
					}
					return conditions;
				}
				case '<' -> {
					conditions.add(new Condition(not, cursor.until('>'), null));
					not = false;
				}
				case '[' -> {
					conditions.add(new Condition(not, null, cursor.until(']')));
					not = false;
				}
				case 'N', 'n' -> {
					if (not || !cursor.take("ot")) {
						throw new DavStatusException(400);
					}
					not = true;
				}
				default -> throw new DavStatusException(400);
			}
		}
		throw new DavStatusException(400);
	}

	/** The path a tag names, or null if it names nothing in the caller's tree. */
	private static DavPath pathOf(String tag, String contextPath) {
		try {
			String path = URI.create(tag.strip()).getRawPath();
			if (path == null || !path.startsWith(contextPath + DavPath.PREFIX)) {
				return null;
			}
			return DavPath.parse(path.substring(contextPath.length()));
		}
		catch (IllegalArgumentException | DavStatusException | DomainException ex) {
			return null;
		}
	}

	/** The lock tokens submitted: those in conditions that are not negated. */
	Set<String> tokens() {
		Set<String> tokens = new LinkedHashSet<>();
		for (Clause list : this.lists) {
			for (Condition condition : list.conditions()) {
				if (!condition.not() && condition.token() != null) {
					tokens.add(condition.token());
				}
			}
		}
		return tokens;
	}

	/**
	 * Whether the header holds.
	 * @param requestPath the resource of untagged lists
	 * @param etags a resource's ETag, if it is a file
	 * @param locked whether a lock with a token covers a resource
	 */
	boolean holds(DavPath requestPath, Function<DavPath, Optional<String>> etags, BiPredicate<String, DavPath> locked) {
		for (Clause list : this.lists) {
			DavPath resource = list.tagged() ? list.resource() : requestPath;
			boolean holds = true;
			for (Condition condition : list.conditions()) {
				boolean matches = (resource != null)
						&& ((condition.token() != null) ? locked.test(condition.token(), resource)
								: etags.apply(resource).map(condition.etag()::equals).orElse(false));
				holds &= (matches != condition.not());
			}
			if (holds) {
				return true;
			}
		}
		return false;
	}

	/** Reads the header character by character. */
	private static final class Cursor {

		private final String text;

		private int at;

		Cursor(String text) {
			this.text = text;
		}

		/** Skips spaces and tabs; whether anything is left. */
		boolean skipSpace() {
			while (this.at < this.text.length()
					&& (this.text.charAt(this.at) == ' ' || this.text.charAt(this.at) == '\t')) {
				this.at++;
			}
			return this.at < this.text.length();
		}

		char peek() {
			return (this.at < this.text.length()) ? this.text.charAt(this.at) : 0;
		}

		char next() {
			return this.text.charAt(this.at++);
		}

		/** What comes before {@code end}, which is skipped. */
		String until(char end) {
			int found = this.text.indexOf(end, this.at);
			if (found < 0) {
				throw new DavStatusException(400);
			}
			String taken = this.text.substring(this.at, found);
			this.at = found + 1;
			return taken;
		}

		boolean take(String expected) {
			if (this.text.regionMatches(true, this.at, expected, 0, expected.length())) {
				this.at += expected.length();
				return true;
			}
			return false;
		}

	}

}
