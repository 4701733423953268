package dev.coffer.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * A {@link DataKey} encrypted under a master key, as stored next to the blob's metadata.
 *
 * <p>
 * The ciphertext is the Tink AEAD output (see {@link MasterKeyRing} for its byte layout);
 * it is not secret, but it is useless without the master key. The record copies the array
 * on the way in and on the way out, compares by content, and never prints the bytes.
 *
 * @param ciphertext the wrapped key; never null or empty
 * @param masterKeyId the id of the master key that wrapped it (see {@link MasterKeyInfo}
 * on ids)
 */
public record WrappedDataKey(byte[] ciphertext, int masterKeyId) {

	/**
	 * Creates a wrapped key from stored values.
	 * @throws NullPointerException if {@code ciphertext} is null
	 * @throws IllegalArgumentException if {@code ciphertext} is empty
	 */
	public WrappedDataKey {
		Objects.requireNonNull(ciphertext, "ciphertext");
		if (ciphertext.length == 0) {
			throw new IllegalArgumentException("wrapped data key is empty");
		}
		ciphertext = ciphertext.clone();
	}

	/**
	 * Returns a copy of the wrapped key bytes.
	 * @return the ciphertext; changing it does not change this record
	 */
	@Override
	public byte[] ciphertext() {
		return this.ciphertext.clone();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof WrappedDataKey that && this.masterKeyId == that.masterKeyId
				&& Arrays.equals(this.ciphertext, that.ciphertext);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(this.ciphertext) + this.masterKeyId;
	}

	@Override
	public String toString() {
		return "WrappedDataKey[masterKeyId=" + Integer.toUnsignedString(this.masterKeyId) + ", length="
				+ this.ciphertext.length + "]";
	}

}
