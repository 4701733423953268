package dev.coffer.server.files;

import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

import dev.coffer.server.InvalidInputException;

/**
 * How a file list is ordered. Lists are not paginated, so they are ordered here, in Java,
 * where names sort naturally and ignore case and accents ({@link FileNameOrder}); ties go
 * by name.
 */
enum FileSort {

	NAME, MODIFIED, SIZE;

	/**
	 * For the API, where a mistyped {@code sort} or {@code order} would quietly give
	 * another order: refuses anything but {@code name}, {@code modified} or {@code size},
	 * and {@code asc} or {@code desc}.
	 * @return whether the order is descending
	 * @throws InvalidInputException naming the parameter
	 */
	static boolean requireValid(String sort, String order) {
		if (named(sort).isEmpty()) {
			throw new InvalidInputException("sort", "Sort by name, modified or size.");
		}
		if (!"asc".equalsIgnoreCase(order) && !"desc".equalsIgnoreCase(order)) {
			throw new InvalidInputException("order", "The order is asc or desc.");
		}
		return "desc".equalsIgnoreCase(order);
	}

	/**
	 * Parses {@code name}, {@code modified} or {@code size}; anything else sorts by name.
	 */
	static FileSort parse(String value) {
		return (value != null) ? named(value).orElse(NAME) : NAME;
	}

	/** The column {@code value} names ({@code date} is {@code modified}), if any. */
	private static Optional<FileSort> named(String value) {
		return switch (value.toLowerCase(Locale.ROOT)) {
			case "name" -> Optional.of(NAME);
			case "modified", "date" -> Optional.of(MODIFIED);
			case "size" -> Optional.of(SIZE);
			default -> Optional.empty();
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
