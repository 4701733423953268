package dev.coffer.cli.command;

import java.util.Locale;

/** Byte counts for people, in binary units as the server writes them (1 KiB = 1024 B). */
final class Sizes {

	private static final String[] UNITS = { "KiB", "MiB", "GiB", "TiB" };

	private Sizes() {
	}

	static String format(long bytes) {
		if (bytes < 1024) {
			return bytes + " B";
		}
		double value = bytes;
		int unit = -1;
		while (value >= 1024 && unit < UNITS.length - 1) {
			value /= 1024;
			unit++;
		}
		return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
	}

}
