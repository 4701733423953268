package dev.coffer.server.sharing.requests;

import dev.coffer.server.InvalidInputException;

/**
 * What the create-request form posts.
 *
 * @param expiresIn days until the link expires, or {@code never}
 * @param maxSizeMb the most the link accepts in all, in MiB (2^20 bytes, the unit system
 * every size is shown in, see files/Sizes)
 * @param folder the id of the owner's folder the files go into
 */
record FileRequestForm(String title, String expiresIn, String password, String maxFiles, String maxSizeMb,
		String folder) {

	static final String NEVER = "never";

	static final long MB = 1024L * 1024;

	/**
	 * @return the days until expiry, or {@code null} for never
	 */
	Integer expiresInDays() {
		if (NEVER.equals(this.expiresIn)) {
			return null;
		}
		return number(this.expiresIn, "expiresIn", "Choose when the request link expires.").intValue();
	}

	int maxFileCount() {
		long files = number(this.maxFiles, "maxFiles", "Enter how many files the link accepts, 1 to 1,000.");
		return (int) Math.max(0, Math.min(files, Integer.MAX_VALUE));
	}

	/** The form's field is in MiB, so its limits are told in MiB too. */
	long maxBytes() {
		long mb = number(this.maxSizeMb, "maxSizeMb", "Enter how many MiB the link accepts in all.");
		if (mb < 1 || mb > FileRequestService.MAX_BYTES / MB) {
			throw new InvalidInputException("maxSizeMb",
					"A request link accepts between 1 MiB and 1 TiB (1,048,576 MiB) in all.");
		}
		return mb * MB;
	}

	private static Long number(String value, String field, String message) {
		try {
			return Long.valueOf((value != null) ? value.strip() : "");
		}
		catch (NumberFormatException ex) {
			throw new InvalidInputException(field, message);
		}
	}

}
