package dev.coffer.server.sharing.links;

import dev.coffer.server.InvalidInputException;

/**
 * What the create-link form on a file's page posts: text fields, empty for "none".
 *
 * @param version a version number, or {@code latest}
 */
record LinkForm(String expiresInDays, String password, String maxDownloads, String version) {

	static final String LATEST = "latest";

	LinkRequest toRequest() {
		Integer versionNumber = (this.version == null || this.version.isBlank() || LATEST.equals(this.version)) ? null
				: number("version", this.version, "Choose which version the link serves.");
		return new LinkRequest(number("expiresInDays", this.expiresInDays, "Choose when the link expires."),
				this.password, number("maxDownloads", this.maxDownloads, "A download limit is a whole number."),
				versionNumber);
	}

	private static Integer number(String field, String value, String message) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Integer.valueOf(value.strip());
		}
		catch (NumberFormatException ex) {
			throw new InvalidInputException(field, message);
		}
	}

	@Override
	public String toString() {
		return "LinkForm[expiresInDays=" + this.expiresInDays + ", maxDownloads=" + this.maxDownloads + ", version="
				+ this.version + "]";
	}

}
