package dev.coffer.crypto;

import java.util.Objects;

/**
 * Public facts about one key of a {@link MasterKeyRing}; never any key material.
 *
 * <p>
 * Key ids are Tink's: unsigned 32-bit values held in a Java {@code int}, so about half of
 * them are negative as an {@code int}. Store them as a 32-bit integer and show them with
 * {@link Integer#toUnsignedString(int)}, which matches the ids in the key set JSON.
 *
 * @param keyId the Tink key id
 * @param status whether the key may be used to unwrap data keys
 * @param primary whether new data keys are wrapped with this key; the primary key is
 * always enabled
 */
public record MasterKeyInfo(int keyId, Status status, boolean primary) {

	/**
	 * Creates the facts about one key.
	 * @throws NullPointerException if {@code status} is null
	 */
	public MasterKeyInfo {
		Objects.requireNonNull(status, "status");
	}

	/** Whether a master key may be used. */
	public enum Status {

		/** The key unwraps data keys (and wraps them, if it is the primary). */
		ENABLED,

		/** The key is kept but unwraps nothing; it can be enabled again. */
		DISABLED

	}

	@Override
	public String toString() {
		return "MasterKeyInfo[keyId=" + Integer.toUnsignedString(this.keyId) + ", status=" + this.status + ", primary="
				+ this.primary + "]";
	}

}
