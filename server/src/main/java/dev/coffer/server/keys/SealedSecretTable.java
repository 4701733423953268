package dev.coffer.server.keys;

import java.util.regex.Pattern;

import dev.coffer.crypto.CryptoException;
import dev.coffer.crypto.MasterKeyRing;
import dev.coffer.crypto.WrappedDataKey;

/**
 * A table whose rows hold keys wrapped by the master key ring, bound to the row: the
 * re-wrap job moves them to the new primary master key after a rotation, and the key
 * status counts them. The feature that owns the table declares one of these as a bean, so
 * that this package needs to know nothing of it.
 *
 * @param table the table
 * @param idColumn the column that identifies a row
 * @param boundIdPrefix what comes before the row's id in the id its key is bound to
 * ({@code "totp:"} for {@code totp:<user id>})
 * @param wrappedKeyColumn the wrapped key, Base64; {@code null} in a row without one
 * @param masterKeyColumn the id of the master key that wrapped it, unsigned
 * @param kind what kind of key the rows hold
 */
public record SealedSecretTable(String table, String idColumn, String boundIdPrefix, String wrappedKeyColumn,
		String masterKeyColumn, Kind kind) {

	private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]*");

	public SealedSecretTable {
		for (String name : new String[] { table, idColumn, wrappedKeyColumn, masterKeyColumn }) {
			if (name == null || !IDENTIFIER.matcher(name).matches()) {
				throw new IllegalArgumentException("Not an SQL identifier: " + name);
			}
		}
		if (kind == null) {
			throw new IllegalArgumentException("No kind of key");
		}
	}

	/** A table of secrets sealed with {@link SealedSecrets}: a data key per row. */
	public SealedSecretTable(String table, String idColumn, String boundIdPrefix, String wrappedKeyColumn,
			String masterKeyColumn) {
		this(table, idColumn, boundIdPrefix, wrappedKeyColumn, masterKeyColumn, Kind.DATA_KEY);
	}

	/** The id the key of the row {@code rowId} is bound to. */
	public String boundId(String rowId) {
		return this.boundIdPrefix + rowId;
	}

	/**
	 * What a row's wrapped key is, which says how it is unwrapped to be wrapped again,
	 * and where the key status counts it.
	 */
	public enum Kind {

		/**
		 * The data key of a secret sealed with {@link SealedSecrets}: TOTP secrets, link
		 * tokens.
		 */
		DATA_KEY {
			@Override
			WrappedDataKey rewrap(MasterKeyRing ring, WrappedDataKey wrapped, String boundId) throws CryptoException {
				return ring.wrap(ring.unwrap(wrapped, boundId), boundId);
			}
		},

		/**
		 * A MAC key wrapped by the ring itself
		 * ({@link MasterKeyRing#wrap(dev.coffer.crypto.MacKey, String)}): the audit log's
		 * keys, counted apart.
		 */
		MAC_KEY {
			@Override
			WrappedDataKey rewrap(MasterKeyRing ring, WrappedDataKey wrapped, String boundId) throws CryptoException {
				return ring.wrap(ring.unwrapMacKey(wrapped, boundId), boundId);
			}
		};

		/** The key unwrapped with {@code ring} and wrapped again with its primary. */
		abstract WrappedDataKey rewrap(MasterKeyRing ring, WrappedDataKey wrapped, String boundId)
				throws CryptoException;

	}

}
