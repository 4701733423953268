package dev.coffer.server.files;

import org.springframework.ui.ModelMap;

/**
 * A part of a file's page ({@code files/detail.html}) that another feature contributes
 * (sharing and comments, public links). The feature keeps its data and rules; the files
 * package only knows that a section exists, so dependencies keep pointing from features
 * to files.
 */
public interface FileDetailSection {

	/**
	 * Adds what this section needs to show {@code access.file()} to the user
	 * {@code userId}.
	 */
	void addTo(String userId, FileAccess access, ModelMap model);

}
