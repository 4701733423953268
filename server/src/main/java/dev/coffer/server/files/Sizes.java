package dev.coffer.server.files;

import java.util.Locale;

/** Byte counts for people: 1.5 MB, 10 GB (powers of 1024, as file managers show them). */
final class Sizes {

	private static final String[] UNITS = { "bytes", "KB", "MB", "GB", "TB", "PB" };

	private Sizes() {
	}

	static String format(long bytes) {
		if (bytes < 1024) {
			return bytes + ((bytes == 1) ? " byte" : " bytes");
		}
		double value = bytes;
		int unit = 0;
		while (value >= 1024 && unit < UNITS.length - 1) {
			value /= 1024;
			unit++;
		}
		return String.format(Locale.ROOT, (value < 10) ? "%.1f %s" : "%.0f %s", value, UNITS[unit]);
	}

}
