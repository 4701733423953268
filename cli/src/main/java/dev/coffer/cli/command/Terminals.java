package dev.coffer.cli.command;

/**
 * Text that others typed (senders' names, file names) is shown with control characters
 * replaced, so it cannot move the cursor or recolour the terminal.
 */
final class Terminals {

	private Terminals() {
	}

	static String safe(String text) {
		StringBuilder safe = new StringBuilder(text.length());
		text.codePoints().forEach((c) -> safe.appendCodePoint(Character.isISOControl(c) ? '\uFFFD' : c));
		return safe.toString();
	}

}
