package dev.coffer.server.files;

import java.io.Serializable;
import java.util.Map;

/**
 * A form on a file's page that failed, carried across the redirect back to the page (as a
 * flash attribute) so the page shows the message next to the field at fault and keeps
 * what was typed. Serializable because flash attributes live in the session, which is
 * stored in the database.
 *
 * @param form the form that failed
 * @param field the name of the input at fault, or {@code null} for the form as a whole
 * @param message what went wrong, in the user's words
 * @param typed what the user had typed, by input name (never a password)
 */
public record FileFormError(FilePageForm form, String field, String message,
		Map<String, String> typed) implements Serializable {

	/** Flash attribute name; templates read {@code ${formError}}. */
	public static final String ATTRIBUTE = "formError";

	public FileFormError {
		typed = Map.copyOf(typed);
	}

	/** Whether this error belongs to {@code formName} ({@link FilePageForm#name()}). */
	public boolean isFor(String formName) {
		return this.form.name().equals(formName);
	}

	/**
	 * Whether this error belongs to the input {@code name} of the form {@code formName}.
	 */
	public boolean isFor(String formName, String name) {
		return isFor(formName) && name.equals(this.field);
	}

	/** What was typed into {@code name}, or {@code fallback} if nothing was kept. */
	public String typedOr(String name, String fallback) {
		return this.typed.getOrDefault(name, fallback);
	}

}
