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
 * {@link #containing(String)}.
 */
final class FileNameOrder implements Comparator<String> {

	private static final Pattern MARKS = Pattern.compile("\\p{M}+");

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
