package dev.coffer.server.files;

import java.util.Locale;

import dev.coffer.server.InvalidInputException;

/**
 * What a user may do with a file (DESIGN.md §5), each level including the ones before it:
 * READ downloads any version, sees versions and comments; EDIT also uploads and restores
 * versions; OWNER also renames, deletes and shares. READ and EDIT are what a share
 * grants; OWNER is never granted.
 */
public enum Permission {

	READ, EDIT, OWNER;

	/** Whether this level includes everything {@code needed} allows. */
	public boolean includes(Permission needed) {
		return compareTo(needed) >= 0;
	}

	/** A level a share may grant, from user input ("read", "EDIT"). */
	public static Permission grantable(String field, String value) {
		if (value != null) {
			String upper = value.strip().toUpperCase(Locale.ROOT);
			if (upper.equals("READ") || upper.equals("EDIT")) {
				return valueOf(upper);
			}
		}
		throw new InvalidInputException(field, "Permission must be READ or EDIT.");
	}

}
