package dev.coffer.server.sharing.requests;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The names received files are stored under, so that a sender can never overwrite, or add
 * a version to, a file the owner already has: the sender's name is added before the
 * extension, and a number if that is taken too. "report.pdf" from Alice becomes "report
 * (from Alice).pdf", then "report (from Alice) 2.pdf", and so on; the base name is
 * shortened if the whole would exceed 255 UTF-8 bytes.
 */
final class ReceivedFileNames {

	private static final int MAX_UTF8_BYTES = 255;

	private static final Pattern FORBIDDEN_IN_NAMES = Pattern.compile("[/\\\\<>:\"|?*]");

	private static final int MAX_SENDER_CHARS = 60;

	private static final int MAX_EXTENSION_CHARS = 16;

	private ReceivedFileNames() {
	}

	/**
	 * @param sentName the file name as the browser sent it (a path is cut to its last
	 * segment, as some browsers send one)
	 * @param attempt 1 for the first choice, 2 and up when the earlier ones are taken
	 */
	static String candidate(String sentName, String senderName, int attempt) {
		String name = lastSegment(sentName);
		int dot = name.lastIndexOf('.');
		boolean hasExtension = dot > 0 && name.length() - dot <= MAX_EXTENSION_CHARS;
		String base = hasExtension ? name.substring(0, dot) : name;
		String extension = hasExtension ? name.substring(dot) : "";
		String tag = " (from " + shorten(portable(senderName), MAX_SENDER_CHARS) + ")"
				+ ((attempt > 1) ? " " + attempt : "");
		int room = MAX_UTF8_BYTES - utf8Length(tag) - utf8Length(extension);
		return shortenToBytes(base, room) + tag + extension;
	}

	/**
	 * The sender's name as it may go into a file name the owner will sync or download to
	 * any system: a character Windows, macOS or a shell treats specially
	 * ({@code / \\ < > :
	 * " | ? *}) becomes {@code -}, and runs of spaces one space. The name the sender gave
	 * their file follows the rules of every file name (FileNames); this part is chosen by
	 * an anonymous stranger and written into the owner's name by Coffer, so it is kept to
	 * what works everywhere.
	 */
	static String portable(String senderName) {
		return FORBIDDEN_IN_NAMES.matcher(senderName).replaceAll("-").replaceAll("\\s+", " ").strip();
	}

	static String lastSegment(String sentName) {
		String name = (sentName != null) ? sentName : "";
		int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
		return name.substring(slash + 1);
	}

	private static String shorten(String text, int maxChars) {
		if (text.codePointCount(0, text.length()) <= maxChars) {
			return text;
		}
		return text.substring(0, text.offsetByCodePoints(0, maxChars)).strip() + "…";
	}

	private static String shortenToBytes(String text, int maxBytes) {
		String result = text;
		while (utf8Length(result) > maxBytes && !result.isEmpty()) {
			result = result.substring(0, result.offsetByCodePoints(0, result.codePointCount(0, result.length()) - 1));
		}
		return result;
	}

	private static int utf8Length(String text) {
		return text.getBytes(StandardCharsets.UTF_8).length;
	}

}
