package dev.coffer.server.keys;

import java.util.regex.Pattern;

/**
 * A table whose rows hold secrets sealed with {@link SealedSecrets}: the re-wrap job
 * moves their data keys to the new primary master key after a rotation, and the key
 * status counts them. The feature that owns the table declares one of these as a bean, so
 * that this package needs to know nothing of it.
 *
 * @param table the table
 * @param idColumn the column that identifies a row
 * @param boundIdPrefix what comes before the row's id in the id its secret is bound to
 * ({@code "totp:"} for {@code totp:<user id>})
 * @param wrappedKeyColumn the wrapped data key, Base64; {@code null} in a row without a
 * secret
 * @param masterKeyColumn the id of the master key that wrapped it, unsigned
 */
public record SealedSecretTable(String table, String idColumn, String boundIdPrefix, String wrappedKeyColumn,
		String masterKeyColumn) {

	private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]*");

	public SealedSecretTable {
		for (String name : new String[] { table, idColumn, wrappedKeyColumn, masterKeyColumn }) {
			if (name == null || !IDENTIFIER.matcher(name).matches()) {
				throw new IllegalArgumentException("Not an SQL identifier: " + name);
			}
		}
	}

	String boundId(String rowId) {
		return this.boundIdPrefix + rowId;
	}

}
