package dev.coffer.server.files;

import java.util.Locale;

/**
 * A form on a file's page, and the tab ({@link FileTab}) it sits in. A form that fails
 * sends the browser back to its own form ({@link #anchor()}), where the page shows the
 * error next to the field at fault.
 */
public enum FilePageForm {

	/** Upload a new version (no-script fallback of the upload drop zone). */
	NEW_VERSION(FileTab.VERSIONS, "file"),
	/** Restore or delete one version, from the versions table. */
	VERSIONS(FileTab.VERSIONS, null),
	/** Share with a user. */
	SHARE(FileTab.SHARING, "user"),
	/** Change or revoke a share, from the shares table. */
	SHARES(FileTab.SHARING, null),
	/** Whether editors may make public links. */
	LINK_POLICY(FileTab.SHARING, null),
	/** Create a public link. */
	LINK(FileTab.LINKS, "expiresInDays"),
	/** Revoke a public link. */
	LINKS(FileTab.LINKS, null),
	/** Add a comment. */
	COMMENT(FileTab.COMMENTS, "body"),
	/** Delete a comment. */
	COMMENTS(FileTab.COMMENTS, null),
	/** Rename the file. */
	RENAME(FileTab.SETTINGS, "name"),
	/** Delete the file. */
	DELETE(FileTab.SETTINGS, null);

	private final FileTab tab;

	private final String defaultField;

	FilePageForm(FileTab tab, String defaultField) {
		this.tab = tab;
		this.defaultField = defaultField;
	}

	public FileTab tab() {
		return this.tab;
	}

	/**
	 * The field an error belongs to when the error names none; {@code null} for forms
	 * that are only a button.
	 */
	String defaultField() {
		return this.defaultField;
	}

	/** The id of the form's element on the page: {@code rename-form}. */
	public String anchor() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-') + "-form";
	}

}
