package dev.coffer.server;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte counts for people, in one unit system everywhere: binary units labelled as such (1
 * KiB = 1,024 bytes, 1 MiB = 1,024 KiB). Binary because every limit Coffer has is binary
 * already (the settings are Spring {@code DataSize} values, where {@code 10GB} means 10 ×
 * 2^30 bytes), so a limit reads back as exactly what was configured; the IEC names say so
 * instead of letting "MB" mean two different things.
 */
public final class Sizes {

	private static final String[] UNITS = { "bytes", "KiB", "MiB", "GiB", "TiB", "PiB" };

	/**
	 * A number and a unit: {@code 500 MiB}, {@code 1.5GiB}, {@code 20 GB}. KB, MB, GB and
	 * TB are read as binary too, as in the settings.
	 */
	private static final Pattern SIZE = Pattern
		.compile("(\\d+(?:\\.\\d+)?)\\s*(b|bytes?|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?", Pattern.CASE_INSENSITIVE);

	private Sizes() {
	}

	/** {@code 49 bytes}, {@code 2.4 KiB}, {@code 38 MiB}, {@code 10 GiB}. */
	public static String format(long bytes) {
		return format(bytes, false);
	}

	/**
	 * A limit as people read it: like {@link #format}, but rounded down, so that what it
	 * says fits under the limit ({@code 97 KiB} for 100,000 bytes, where {@link #format}
	 * says {@code 98 KiB}, more than is accepted).
	 */
	public static String formatAtMost(long bytes) {
		return format(bytes, true);
	}

	private static String format(long bytes, boolean roundDown) {
		if (bytes < 1024) {
			return bytes + ((bytes == 1) ? " byte" : " bytes");
		}
		double value = bytes;
		int unit = 0;
		while (value >= 1024 && unit < UNITS.length - 1) {
			value /= 1024;
			unit++;
		}
		if (roundDown) {
			double step = (value < 10) ? 10 : 1;
			value = Math.floor(value * step) / step;
		}
		String number = String.format(Locale.ROOT, (value < 10) ? "%.1f" : "%.0f", value);
		return (number.endsWith(".0") ? number.substring(0, number.length() - 2) : number) + " " + UNITS[unit];
	}

	/**
	 * The size with its exact byte count when the short form rounds:
	 * {@code 1.5 MiB (1,572,864 bytes)}; just {@code 49 bytes} when it does not.
	 */
	public static String formatWithBytes(long bytes) {
		String size = format(bytes);
		if (bytes < 1024) {
			return size;
		}
		return size + " (" + NumberFormat.getIntegerInstance(Locale.ENGLISH).format(bytes) + " bytes)";
	}

	/**
	 * Reads a size as people type it ({@code 500 MiB}, {@code 1.5 GiB}, {@code 2048}), or
	 * empty if it is not one or does not fit in a long.
	 */
	public static OptionalLong parse(String text) {
		Matcher matcher = SIZE.matcher((text != null) ? text.strip() : "");
		if (!matcher.matches()) {
			return OptionalLong.empty();
		}
		String unit = (matcher.group(2) != null) ? matcher.group(2).toLowerCase(Locale.ROOT) : "b";
		int power = switch (unit.charAt(0)) {
			case 'k' -> 1;
			case 'm' -> 2;
			case 'g' -> 3;
			case 't' -> 4;
			default -> 0;
		};
		BigDecimal bytes = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(1024).pow(power));
		try {
			return OptionalLong.of(bytes.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
		}
		catch (ArithmeticException ex) {
			return OptionalLong.empty();
		}
	}

}
