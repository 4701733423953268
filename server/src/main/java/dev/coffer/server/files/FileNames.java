package dev.coffer.server.files;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

import dev.coffer.server.InvalidInputException;

/**
 * File name rules (DESIGN.md §5): at most 255 UTF-8 bytes; no control characters, no
 * direction-override characters (they make "exe.txt" display as "txt.exe"), no {@code /},
 * {@code \} or NUL; not empty, {@code .} or {@code ..}. Names are stored in Unicode NFC,
 * so "é" typed on macOS (decomposed) and on Windows (composed) is the same name.
 */
final class FileNames {

	static final int MAX_UTF8_BYTES = 255;

	private FileNames() {
	}

	/**
	 * @return the name in NFC, if it is acceptable
	 */
	static String requireValid(String name) {
		if (name == null || name.isBlank()) {
			throw invalid("Give the file a name.");
		}
		String normalized = Normalizer.normalize(name, Normalizer.Form.NFC);
		if (normalized.equals(".") || normalized.equals("..")) {
			throw invalid("\".\" and \"..\" cannot be file names.");
		}
		for (int i = 0; i < normalized.length(); i++) {
			char c = normalized.charAt(i);
			if (c == '/' || c == '\\') {
				throw invalid("File names cannot contain / or \\.");
			}
			if (Character.isISOControl(c) || isDirectionControl(c)) {
				throw invalid("File names cannot contain control characters.");
			}
		}
		if (normalized.getBytes(StandardCharsets.UTF_8).length > MAX_UTF8_BYTES) {
			throw invalid("File names can be at most 255 bytes long (fewer characters for non-Latin scripts).");
		}
		return normalized;
	}

	private static boolean isDirectionControl(char c) {
		return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F'
				|| c == '\u061C';
	}

	private static InvalidInputException invalid(String message) {
		return new InvalidInputException("name", message);
	}

}
