package dev.coffer.cli.command;

import java.util.Locale;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;

/** Expiries as typed: {@code 7d}, {@code 2w} or a number of days. */
final class Durations {

	private Durations() {
	}

	static int days(String typed) {
		String text = typed.strip().toLowerCase(Locale.ROOT);
		int factor = 1;
		if (text.endsWith("w")) {
			factor = 7;
			text = text.substring(0, text.length() - 1);
		}
		else if (text.endsWith("d")) {
			text = text.substring(0, text.length() - 1);
		}
		try {
			int days = Math.multiplyExact(Integer.parseInt(text), factor);
			if (days > 0) {
				return days;
			}
		}
		catch (NumberFormatException | ArithmeticException ex) {
			// Refused below.
		}
		throw new CofferException(ExitCodes.USAGE, "--expires takes days, e.g. 7d, 2w or 30 (got " + typed + ").");
	}

}
