package dev.coffer.crypto;

import java.security.GeneralSecurityException;
import java.util.Objects;

import com.google.crypto.tink.Configuration;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Mac;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.mac.HmacKey;
import com.google.crypto.tink.mac.HmacParameters;
import com.google.crypto.tink.mac.MacConfig2026;

/**
 * A key that authenticates records, such as the links of a hash chain: a Tink MAC key set
 * holding exactly one HMAC-SHA256 key of 32 bytes with a 32-byte tag and no output
 * prefix, so a tag is the plain {@code HMAC-SHA256(key, data)}.
 *
 * <p>
 * Immutable and thread-safe. Its key material is never exposed: the only way out is
 * {@link MasterKeyRing#wrap(MacKey, String)}, and {@link #toString()} names the algorithm
 * only.
 */
public final class MacKey {

	/** The parameters of every MAC key: HMAC-SHA256, 256-bit key and tag, raw output. */
	static final HmacParameters PARAMETERS = parameters();

	private static final Configuration CONFIGURATION = MacConfig2026.get();

	private final KeysetHandle keyset;

	private final Mac mac;

	private MacKey(KeysetHandle keyset) throws CryptoException {
		if (keyset.size() != 1 || !keyset.getAt(0).getStatus().equals(KeyStatus.ENABLED)
				|| !(keyset.getAt(0).getKey() instanceof HmacKey key) || !key.getParameters().equals(PARAMETERS)) {
			throw new CryptoException("MAC key must be a single HMAC-SHA256 key with a raw 32-byte tag");
		}
		this.keyset = keyset;
		try {
			this.mac = keyset.getPrimitive(CONFIGURATION, Mac.class);
		}
		catch (GeneralSecurityException ex) {
			throw new CryptoException("MAC key cannot be used", ex);
		}
	}

	/**
	 * Generates a fresh random key.
	 * @return a new key, never null
	 * @throws CryptoException if no secure random source is available
	 */
	public static MacKey generate() throws CryptoException {
		try {
			return new MacKey(KeysetHandle.generateNew(PARAMETERS, CONFIGURATION));
		}
		catch (GeneralSecurityException ex) {
			throw new CryptoException("generating a MAC key failed", ex);
		}
	}

	/**
	 * Computes the tag of {@code data}.
	 * @return 32 bytes, {@code HMAC-SHA256(key, data)}
	 * @throws NullPointerException if {@code data} is null
	 */
	public byte[] tag(byte[] data) {
		Objects.requireNonNull(data, "data");
		try {
			return this.mac.computeMac(data);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 failed", ex);
		}
	}

	/**
	 * Checks a tag in constant time.
	 * @return whether {@code tag} is the tag of {@code data} under this key
	 * @throws NullPointerException if an argument is null
	 */
	public boolean verify(byte[] tag, byte[] data) {
		Objects.requireNonNull(tag, "tag");
		Objects.requireNonNull(data, "data");
		try {
			this.mac.verifyMac(tag, data);
			return true;
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	/** Parses a Tink binary key set that {@link #serialize()} produced. */
	static MacKey parse(byte[] serializedKeyset) throws CryptoException {
		KeysetHandle keyset;
		try {
			keyset = TinkProtoKeysetFormat.parseKeyset(serializedKeyset, InsecureSecretKeyAccess.get(), CONFIGURATION);
		}
		catch (GeneralSecurityException ex) {
			// The cause could describe the secret bytes; leave it out.
			throw new CryptoException("MAC key is not a valid key set");
		}
		return new MacKey(keyset);
	}

	/**
	 * Returns the key set in Tink's binary format. The array holds secret key material:
	 * the caller must overwrite it as soon as it is no longer needed.
	 */
	byte[] serialize() throws CryptoException {
		try {
			return TinkProtoKeysetFormat.serializeKeyset(this.keyset, InsecureSecretKeyAccess.get(), CONFIGURATION);
		}
		catch (GeneralSecurityException ex) {
			throw new CryptoException("serializing the MAC key failed", ex);
		}
	}

	@Override
	public String toString() {
		return "MacKey[HMAC_SHA256]";
	}

	private static HmacParameters parameters() {
		try {
			return HmacParameters.builder()
				.setKeySizeBytes(32)
				.setTagSizeBytes(32)
				.setHashType(HmacParameters.HashType.SHA256)
				.setVariant(HmacParameters.Variant.NO_PREFIX)
				.build();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 parameters are valid", ex);
		}
	}

}
