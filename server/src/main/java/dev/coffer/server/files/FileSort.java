package dev.coffer.server.files;

import java.util.Locale;

/** How a file list is ordered. Only these columns can reach SQL. */
enum FileSort {

	NAME("f.name"), MODIFIED("f.updated_at"), SIZE("v.size");

	final String column;

	FileSort(String column) {
		this.column = column;
	}

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

}
