package dev.coffer.server.files;

import java.util.Comparator;
import java.util.Locale;

/**
 * How a file list is ordered. Lists are not paginated, so they are ordered here, in Java,
 * where names sort naturally and ignore case and accents ({@link FileNameOrder}); ties go
 * by name.
 */
enum FileSort {

	NAME, MODIFIED, SIZE;

	/**
	 * Parses {@code name}, {@code modified} or {@code size}; anything else sorts by name.
	 */
	static FileSort parse(String value) {
		if (value == null) {
			return NAME;
		}
		return switch (value.toLowerCase(Locale.ROOT)) {
			case "modified", "date" -> MODIFIED;
			case "size" -> SIZE;
			default -> NAME;
		};
	}

	/** The order of this column, reversed if {@code descending}; ties by name, A to Z. */
	Comparator<StoredFile> order(boolean descending) {
		Comparator<StoredFile> byName = Comparator.comparing(StoredFile::name, new FileNameOrder());
		Comparator<StoredFile> column = switch (this) {
			case NAME -> byName;
			case MODIFIED -> Comparator.comparing(StoredFile::modifiedAt);
			case SIZE -> Comparator.comparingLong(StoredFile::size);
		};
		return (descending ? column.reversed() : column).thenComparing(byName);
	}

	/** The value of the {@code sort} query parameter that selects this order. */
	String parameter() {
		return name().toLowerCase(Locale.ROOT);
	}

}
