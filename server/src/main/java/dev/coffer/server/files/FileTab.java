package dev.coffer.server.files;

import java.util.Locale;

/**
 * The tabs of a file's page. Each is a section of the one page with an in-page link to it
 * ({@code #versions}), so they work without script: CSS shows the section the address
 * points at.
 */
public enum FileTab {

	VERSIONS("Versions"), SHARING("Sharing"), LINKS("Public links"), COMMENTS("Comments"), SETTINGS("Rename or delete");

	private final String label;

	FileTab(String label) {
		this.label = label;
	}

	/** The section's element id, and the fragment that opens it: {@code versions}. */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	public String label() {
		return this.label;
	}

}
