package dev.coffer.server.files;

import java.nio.charset.StandardCharsets;

/**
 * Names for something restored from the trash into a folder that has its name already:
 * "report (restored).pdf", "report (restored 2).pdf", … — the marker goes before a file's
 * extension (at the end of a folder's name), and the part before it is shortened if the
 * name would pass the length limit.
 */
final class RestoredNames {

	private RestoredNames() {
	}

	/**
	 * @param attempt 1 for the name itself, 2 for "(restored)", 3 for "(restored 2)"
	 * @param file whether it names a file (a folder's name has no extension)
	 */
	static String candidate(String name, int attempt, boolean file) {
		if (attempt == 1) {
			return name;
		}
		String marker = (attempt == 2) ? " (restored)" : " (restored " + (attempt - 1) + ")";
		int dot = name.lastIndexOf('.');
		boolean hasExtension = file && dot > 0 && name.length() - dot <= 10;
		String stem = hasExtension ? name.substring(0, dot) : name;
		String extension = hasExtension ? name.substring(dot) : "";
		while (utf8Length(stem + marker + extension) > FileNames.MAX_UTF8_BYTES && !stem.isEmpty()) {
			stem = stem.substring(0, stem.offsetByCodePoints(stem.length(), -1));
		}
		return stem + marker + extension;
	}

	private static int utf8Length(String text) {
		return text.getBytes(StandardCharsets.UTF_8).length;
	}

}
