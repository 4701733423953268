package dev.coffer.server.files;

/**
 * The lists of entity tags in {@code If-Match} and {@code If-None-Match} (RFC 9110
 * §13.1.1, §13.1.2), compared with a resource's tag, for the downloads here and WebDAV's
 * conditional writes alike.
 */
public final class EntityTags {

	private EntityTags() {
	}

	/** The strong entity tag of content: its SHA-256 in hex, quoted. */
	public static String of(String sha256) {
		return "\"" + sha256 + "\"";
	}

	/**
	 * Whether a header's list holds for a resource: {@code *} if it exists, or a tag the
	 * same as its own.
	 * @param header the header's value, not null
	 * @param exists whether the resource exists
	 * @param etag its strong entity tag (quoted), or null if it has none
	 * @param weak the weak comparison of {@code If-None-Match} ({@code W/"x"} matches
	 * {@code "x"}); else the strong one of {@code If-Match}, where a weak tag never
	 * matches
	 */
	public static boolean matches(String header, boolean exists, String etag, boolean weak) {
		for (String candidate : header.split(",")) {
			String tag = candidate.strip();
			if (tag.equals("*")) {
				if (exists) {
					return true;
				}
			}
			else if (etag != null && (tag.equals(etag) || (weak && tag.equals("W/" + etag)))) {
				return true;
			}
		}
		return false;
	}

}
