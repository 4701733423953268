package dev.coffer.server.files;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.coffer.server.InvalidInputException;

/**
 * Where the next page of a folder listing starts, given to clients as an opaque string:
 * after the folder or file with this sort key and id (keyset paging, by name), or at an
 * offset among the files (by size or date). It names the order it belongs to, so it is
 * refused with another one.
 *
 * @param order the listing's order, e.g. {@code name.asc}
 * @param phase {@code d} while listing folders, {@code f} for files by name, {@code o}
 * for files at an offset
 * @param key the sort key of the last entry shown ({@code d}, {@code f}), or empty for
 * the first file
 * @param id the id of the last entry shown, or the offset ({@code o})
 */
record FolderCursor(String order, char phase, String key, String id) {

	private static final Pattern FORMAT = Pattern
		.compile("([a-z]+\\.(?:asc|desc))\\|([dfo])\\|([a-p]{0,680})\\|([0-9a-f-]{0,36})");

	static FolderCursor folders(String order, String key, String id) {
		return new FolderCursor(order, 'd', key, id);
	}

	static FolderCursor files(String order, String key, String id) {
		return new FolderCursor(order, 'f', key, id);
	}

	static FolderCursor offset(String order, int offset) {
		return new FolderCursor(order, 'o', "", Integer.toString(offset));
	}

	/**
	 * @return the cursor, or null for none
	 * @throws InvalidInputException if it is not one a listing in this order gave out
	 */
	static FolderCursor parse(String text, String order) {
		if (text == null || text.isEmpty()) {
			return null;
		}
		Matcher matcher;
		try {
			matcher = FORMAT.matcher(new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8));
		}
		catch (IllegalArgumentException ex) {
			throw invalid();
		}
		if (!matcher.matches() || !matcher.group(1).equals(order)) {
			throw invalid();
		}
		FolderCursor cursor = new FolderCursor(matcher.group(1), matcher.group(2).charAt(0), matcher.group(3),
				matcher.group(4));
		if (cursor.phase == 'o' && !cursor.id.matches("[0-9]{1,9}")) {
			throw invalid();
		}
		return cursor;
	}

	int offsetValue() {
		return Integer.parseInt(this.id);
	}

	/** The first file, by name: no entry before it. */
	boolean atFirstFile() {
		return this.key.isEmpty() && this.id.isEmpty();
	}

	String encode() {
		String text = this.order + "|" + this.phase + "|" + this.key + "|" + this.id;
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	private static InvalidInputException invalid() {
		return new InvalidInputException("cursor",
				"This cursor was not given out by this listing in this order. Start again without one.");
	}

}
