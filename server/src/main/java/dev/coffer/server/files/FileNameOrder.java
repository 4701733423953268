package dev.coffer.server.files;

import java.text.Collator;
import java.text.Normalizer;
import java.util.Comparator;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * File names in the order people expect: natural ("file2" before "file10"), ignoring case
 * and accents ("é" sorts with "e", "Résumé" with "resume"), as a {@link Collator} at
 * primary strength compares them; names equal that way fall back to a stricter order so
 * the list is stable. Also the matching rule of the name search:
 * {@link #containing(String)}, and the key by which the database orders a folder
 * ({@link #sortKey(String)}).
 */
final class FileNameOrder implements Comparator<String> {

	private static final Pattern MARKS = Pattern.compile("\\p{M}+");

	/**
	 * How many characters of a {@link #sortKey} the database keeps (its column's size).
	 */
	static final int SORT_KEY_LENGTH = 680;

	/** Primary strength: base letters only, so case and accents do not count. */
	private final Collator primary;

	private final Collator tertiary;

	FileNameOrder() {
		this.primary = Collator.getInstance(Locale.ROOT);
		this.primary.setStrength(Collator.PRIMARY);
		this.primary.setDecomposition(Collator.CANONICAL_DECOMPOSITION);
		this.tertiary = Collator.getInstance(Locale.ROOT);
		this.tertiary.setStrength(Collator.TERTIARY);
		this.tertiary.setDecomposition(Collator.CANONICAL_DECOMPOSITION);
	}

	@Override
	public int compare(String a, String b) {
		int natural = compareChunks(a, b, this.primary);
		if (natural != 0) {
			return natural;
		}
		int cased = compareChunks(a, b, this.tertiary);
		return (cased != 0) ? cased : a.compareTo(b);
	}

	/**
	 * A test for names that contain {@code query}, ignoring case and accents: "resume"
	 * finds "Résumé.pdf". An empty query matches everything. The query is folded once,
	 * not once per name.
	 */
	static Predicate<String> containing(String query) {
		String folded = fold(query);
		return folded.isEmpty() ? (name) -> true : (name) -> fold(name).contains(folded);
	}

	/** Lower case without accents: the letters a search compares. */
	static String fold(String text) {
		String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
		return MARKS.matcher(decomposed).replaceAll("").toLowerCase(Locale.ROOT);
	}

	/**
	 * The name's place in the primary (natural, case- and accent-blind) order as text
	 * that sorts the same way byte by byte on every database: for text, the primary
	 * collation units of each run; for a run of digits, the unit of "0" (digits sort
	 * where digits sort), its length without leading zeros, its digits, and its full
	 * length (fewer leading zeros first), exactly as {@link #compare} compares them. Each
	 * run ends with the unit 0, lower than any other, so a shorter run sorts first. Each
	 * 16-bit unit is written as four letters {@code a}–{@code p}, which every collation
	 * orders as their bytes. Names equal at this level (differing only in case or
	 * accents) get the same key; a key longer than {@link #SORT_KEY_LENGTH} is cut, so
	 * names alike in their first ~170 letters may sort among themselves in another order.
	 */
	String sortKey(String name) {
		StringBuilder key = new StringBuilder();
		int i = 0;
		while (i < name.length() && key.length() < SORT_KEY_LENGTH) {
			int end = chunkEnd(name, i);
			String chunk = name.substring(i, end);
			if (Character.isDigit(name.charAt(i))) {
				String digits = stripLeadingZeros(chunk);
				appendUnit(key, primaryUnits("0").charAt(0));
				appendUnit(key, digits.length());
				digits.chars().forEach((digit) -> appendUnit(key, digit));
				appendUnit(key, chunk.length());
			}
			else {
				primaryUnits(chunk).chars().forEach((unit) -> appendUnit(key, unit));
				appendUnit(key, 0);
			}
			i = end;
		}
		return (key.length() > SORT_KEY_LENGTH) ? key.substring(0, SORT_KEY_LENGTH) : key.toString();
	}

	/** The primary part of the collation key: 16-bit units up to the first 0. */
	private String primaryUnits(String text) {
		byte[] bytes = this.primary.getCollationKey(text).toByteArray();
		StringBuilder units = new StringBuilder();
		for (int i = 0; i + 1 < bytes.length; i += 2) {
			char unit = (char) (((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff));
			if (unit == 0) {
				break;
			}
			units.append(unit);
		}
		return units.toString();
	}

	private static void appendUnit(StringBuilder key, int unit) {
		for (int shift = 12; shift >= 0; shift -= 4) {
			key.append((char) ('a' + ((unit >> shift) & 0xf)));
		}
	}

	/**
	 * Compares runs of digits by their numeric value and everything between them with
	 * {@code collator}.
	 */
	private static int compareChunks(String a, String b, Collator collator) {
		int i = 0;
		int j = 0;
		while (i < a.length() && j < b.length()) {
			int endA = chunkEnd(a, i);
			int endB = chunkEnd(b, j);
			String chunkA = a.substring(i, endA);
			String chunkB = b.substring(j, endB);
			boolean digitsA = Character.isDigit(a.charAt(i));
			boolean digitsB = Character.isDigit(b.charAt(j));
			int result = (digitsA && digitsB) ? compareNumbers(chunkA, chunkB) : collator.compare(chunkA, chunkB);
			if (result != 0) {
				return result;
			}
			i = endA;
			j = endB;
		}
		return Integer.compare(a.length() - i, b.length() - j);
	}

	private static int chunkEnd(String text, int start) {
		boolean digits = Character.isDigit(text.charAt(start));
		int end = start + 1;
		while (end < text.length() && Character.isDigit(text.charAt(end)) == digits) {
			end++;
		}
		return end;
	}

	/** Any number of digits: without leading zeros, a longer number is a larger one. */
	private static int compareNumbers(String a, String b) {
		String x = stripLeadingZeros(a);
		String y = stripLeadingZeros(b);
		if (x.length() != y.length()) {
			return Integer.compare(x.length(), y.length());
		}
		int byValue = x.compareTo(y);
		return (byValue != 0) ? byValue : Integer.compare(a.length(), b.length());
	}

	private static String stripLeadingZeros(String digits) {
		int start = 0;
		while (start < digits.length() - 1 && digits.charAt(start) == '0') {
			start++;
		}
		return digits.substring(start);
	}

}
