package dev.coffer.cli.command;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine;

/** Byte counts for people, in binary units as the server writes them (1 KiB = 1024 B). */
final class Sizes {

	private static final String[] UNITS = { "KiB", "MiB", "GiB", "TiB" };

	private static final Pattern SIZE = Pattern.compile("([0-9]{1,15})\\s*([KMGT]?)(?:i?B)?", Pattern.CASE_INSENSITIVE);

	private Sizes() {
	}

	/**
	 * A size a person typed: bytes, or with a binary unit ({@code 64M}, {@code 64MiB},
	 * {@code 1G}).
	 * @throws IllegalArgumentException if it is none
	 */
	static long parse(String text) {
		Matcher size = SIZE.matcher(text.strip());
		if (!size.matches()) {
			throw new IllegalArgumentException("'" + text + "' is not a size: give bytes or e.g. 64MiB, 1GiB");
		}
		int shift = 10 * "KMGT".indexOf(size.group(2).toUpperCase(Locale.ROOT)) + 10;
		long value = Long.parseLong(size.group(1));
		if (size.group(2).isEmpty()) {
			return value;
		}
		if (value > (Long.MAX_VALUE >> shift)) {
			throw new IllegalArgumentException("'" + text + "' is too large");
		}
		return value << shift;
	}

	/** {@link #parse} for picocli options. */
	static final class Converter implements CommandLine.ITypeConverter<Long> {

		@Override
		public Long convert(String value) {
			try {
				return parse(value);
			}
			catch (IllegalArgumentException ex) {
				throw new CommandLine.TypeConversionException(ex.getMessage());
			}
		}

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
