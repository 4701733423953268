package dev.coffer.server.files;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

import dev.coffer.server.InvalidInputException;
import dev.coffer.server.TextRules;

/**
 * File name rules (DESIGN.md §5): at most 255 UTF-8 bytes; one line of well-formed text
 * by {@link TextRules} (no control, line-separator or direction-override characters: they
 * make "exe.txt" display as "txt.exe"), no {@code /} or {@code \}; not empty, {@code .}
 * or {@code ..}; no space at either end ("report.pdf " would sit beside "report.pdf"
 * looking the same, " .." would look like the way up, and Windows cannot hold such
 * names). Names are stored in Unicode NFC, so "é" typed on macOS (decomposed) and on
 * Windows (composed) is the same name.
 */
final class FileNames {

	static final int MAX_UTF8_BYTES = 255;

	private FileNames() {
	}

	/**
	 * @return the name in NFC, if it is acceptable
	 */
	static String requireValid(String name) {
		return requireValid(name, "file");
	}

	/**
	 * The same rules for a folder's name, whose errors say "folder".
	 * @return the name in NFC, if it is acceptable
	 */
	static String requireValidFolderName(String name) {
		return requireValid(name, "folder");
	}

	private static String requireValid(String name, String kind) {
		String names = Character.toUpperCase(kind.charAt(0)) + kind.substring(1) + " names";
		if (name == null || name.isBlank()) {
			throw invalid("Give the " + kind + " a name.");
		}
		TextRules.requireSingleLine("name", names, name);
		String normalized = Normalizer.normalize(name, Normalizer.Form.NFC);
		if (isSpace(normalized.codePointAt(0)) || isSpace(normalized.codePointBefore(normalized.length()))) {
			throw invalid(names + " cannot start or end with a space.");
		}
		if (normalized.equals(".") || normalized.equals("..")) {
			throw invalid("\".\" and \"..\" cannot be " + kind + " names.");
		}
		if (normalized.indexOf('/') >= 0 || normalized.indexOf('\\') >= 0) {
			throw invalid(names + " cannot contain / or \\.");
		}
		if (normalized.getBytes(StandardCharsets.UTF_8).length > MAX_UTF8_BYTES) {
			throw invalid(names + " can be at most 255 bytes long (fewer characters for non-Latin scripts).");
		}
		return normalized;
	}

	/** A space of any kind: " ", a no-break space, an ideographic space, a tab. */
	private static boolean isSpace(int codePoint) {
		return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
	}

	private static InvalidInputException invalid(String message) {
		return new InvalidInputException("name", message);
	}

}
