package dev.coffer.crypto;

import java.security.GeneralSecurityException;

import com.google.crypto.tink.Configuration;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig2026;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;

/**
 * The data-encryption key of one blob: a Tink streaming AEAD key set holding exactly one
 * {@code AES256_GCM_HKDF_1MB} key.
 *
 * <p>
 * Immutable and thread-safe. Its key material is never exposed: the only way out is
 * {@link MasterKeyRing#wrap(DataKey, String)}, and {@link #toString()} names the
 * algorithm only. Use it with {@link BlobCipher} to encrypt and decrypt the blob's parts.
 */
public final class DataKey {

	/**
	 * Tink's algorithm set for streaming AEAD, used explicitly instead of the global
	 * registry.
	 */
	private static final Configuration CONFIGURATION = StreamingAeadConfig2026.get();

	private final KeysetHandle keyset;

	private final StreamingAead streamingAead;

	private DataKey(KeysetHandle keyset) throws CryptoException {
		this.keyset = keyset;
		this.streamingAead = streamingAeadOf(keyset);
	}

	/**
	 * Generates a fresh random data key.
	 * @return a new key, never null
	 * @throws CryptoException if no secure random source or AES-GCM implementation is
	 * available
	 */
	public static DataKey generate() throws CryptoException {
		KeysetHandle keyset;
		try {
			keyset = KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB, CONFIGURATION);
		}
		catch (GeneralSecurityException ex) {
			throw new CryptoException("generating a data key failed", ex);
		}
		return new DataKey(keyset);
	}

	/** Parses a Tink binary key set that {@link #serialize()} produced. */
	static DataKey parse(byte[] serializedKeyset) throws CryptoException {
		KeysetHandle keyset;
		try {
			keyset = TinkProtoKeysetFormat.parseKeyset(serializedKeyset, InsecureSecretKeyAccess.get(), CONFIGURATION);
		}
		catch (GeneralSecurityException ex) {
			// The cause could describe the secret bytes; leave it out.
			throw new CryptoException("data key is not a valid key set");
		}
		return new DataKey(keyset);
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
			throw new CryptoException("serializing the data key failed", ex);
		}
	}

	/**
	 * The raw primitive of the single key. Tink's key set wrapper would try every key on
	 * a ciphertext and report an I/O error of the source as "no matching key"; with
	 * exactly one key that indirection only hides the cause of failures.
	 */
	StreamingAead streamingAead() {
		return this.streamingAead;
	}

	private static StreamingAead streamingAeadOf(KeysetHandle keyset) throws CryptoException {
		if (keyset.size() != 1 || !keyset.getAt(0).getStatus().equals(KeyStatus.ENABLED)
				|| !(keyset.getAt(0).getKey() instanceof AesGcmHkdfStreamingKey key)
				|| !key.getParameters().equals(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB)) {
			throw new CryptoException("data key must be a single AES256_GCM_HKDF_1MB key");
		}
		try {
			return AesGcmHkdfStreaming.create(key);
		}
		catch (GeneralSecurityException ex) {
			throw new CryptoException("data key cannot be used", ex);
		}
	}

	@Override
	public String toString() {
		return "DataKey[AES256_GCM_HKDF_1MB]";
	}

}
