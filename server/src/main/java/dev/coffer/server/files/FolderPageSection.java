package dev.coffer.server.files;

import org.springframework.ui.ModelMap;

/**
 * A part of a folder's page ({@code files/list.html}) that another feature contributes,
 * as {@link FileDetailSection} is for a file's page: the feature keeps its data and
 * rules, dependencies keep pointing from features to files.
 */
public interface FolderPageSection {

	/** Adds what this section needs to show {@code access.folder()} to {@code userId}. */
	void addTo(String userId, FolderAccess access, ModelMap model);

}
