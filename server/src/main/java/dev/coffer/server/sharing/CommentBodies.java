package dev.coffer.server.sharing;

import dev.coffer.server.InvalidInputException;
import dev.coffer.server.TextRules;

/**
 * The rules for a comment's text (DESIGN.md §5, free text): 1 to 2,000 characters (code
 * points), not only white space, multi-line text by {@link TextRules} (no control,
 * line-separator or text-direction characters except newline and tab). Browsers send a
 * text area's line breaks as CR LF; they are kept as LF. Otherwise the text is stored
 * exactly as typed and escaped wherever it is shown.
 */
final class CommentBodies {

	static final int MAX_LENGTH = 2000;

	private CommentBodies() {
	}

	static String requireValid(String body) {
		if (body == null || body.isBlank()) {
			throw new InvalidInputException("body", "Write something to comment.");
		}
		String text = TextRules.requireMultiLine("body", "A comment", body);
		if (text.codePointCount(0, text.length()) > MAX_LENGTH) {
			throw new InvalidInputException("body", "A comment can be at most 2,000 characters long.");
		}
		return text;
	}

}
