package dev.coffer.server;

/**
 * The one rule for text that people type (DESIGN.md §5, "Input"), shared by file names,
 * titles, labels, comments, messages, e-mail addresses and passwords so that the rules
 * cannot drift apart. Text is refused if it contains:
 * <ul>
 * <li>malformed Unicode: a lone UTF-16 surrogate (a JSON {@code "\ud800"} escape makes
 * one); it can be neither stored faithfully nor hashed;</li>
 * <li>a control character (C0, DEL, C1); multi-line text keeps line feed and tab;</li>
 * <li>a line or paragraph separator (U+2028, U+2029), which breaks a line where one line
 * is shown;</li>
 * <li>a bidirectional control (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C),
 * which makes {@code "invoice\u202Efdp.exe"} display as "invoiceexe.pdf".</li>
 * </ul>
 * Passwords are only required to be well-formed: any character may be part of one.
 */
public final class TextRules {

	private TextRules() {
	}

	/**
	 * Checks one-line text (a name, title, label, address). {@code null} passes.
	 * @param field the form or JSON field to blame
	 * @param subject how the message names the text, e.g. "A title"
	 * @throws InvalidInputException naming {@code field}
	 */
	public static void requireSingleLine(String field, String subject, String text) {
		require(field, subject, text, false);
	}

	/**
	 * Checks text that may have several lines (a comment, a message): line feed and tab
	 * are allowed, and the CR LF line ends browsers send become line feeds first.
	 * {@code null} passes.
	 * @return the text to store, with line feeds only
	 * @throws InvalidInputException naming {@code field}
	 */
	public static String requireMultiLine(String field, String subject, String text) {
		String lines = (text != null) ? text.replace("\r\n", "\n") : null;
		require(field, subject, lines, true);
		return lines;
	}

	/**
	 * Checks that text (a password) is well-formed Unicode. {@code null} passes.
	 * @throws InvalidInputException naming {@code field}
	 */
	public static void requireWellFormed(String field, String subject, CharSequence text) {
		if (text != null && !isWellFormed(text)) {
			throw malformed(field, subject);
		}
	}

	/** True if {@code text} has no lone surrogate. */
	public static boolean isWellFormed(CharSequence text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

	private static void require(String field, String subject, String text, boolean multiLine) {
		if (text == null) {
			return;
		}
		requireWellFormed(field, subject, text);
		String allowed = multiLine ? " (line breaks and tabs are fine)." : ".";
		if (text.codePoints().anyMatch((c) -> Character.isISOControl(c) && !(multiLine && (c == '\n' || c == '\t')))) {
			throw new InvalidInputException(field, subject + " cannot contain control characters" + allowed);
		}
		if (text.codePoints().anyMatch((c) -> c == '\u2028' || c == '\u2029' || isDirectionControl(c))) {
			throw new InvalidInputException(field, subject
					+ " cannot contain control characters such as text-direction marks or line separators" + allowed);
		}
	}

	private static boolean isDirectionControl(int c) {
		return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F'
				|| c == '\u061C';
	}

	private static InvalidInputException malformed(String field, String subject) {
		return new InvalidInputException(field,
				subject + " must be valid Unicode text, without a lone surrogate. Type it again.");
	}

}
