package dev.coffer.cli.e2e;

import java.security.GeneralSecurityException;
import java.util.Arrays;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.hybrid.HpkePrivateKey;
import com.google.crypto.tink.hybrid.HybridConfig2026;

/**
 * A user's key pair for end-to-end encrypted files: the private key, which never leaves
 * the client unencrypted ({@link PrivateKeyFile}), and its {@link RecipientKey}.
 */
public final class UserKeyPair {

	private final KeysetHandle keyset;

	private final HybridDecrypt decrypt;

	private final RecipientKey publicKey;

	UserKeyPair(KeysetHandle keyset) throws EndToEndException {
		if (keyset.size() != 1 || !(keyset.getAt(0).getKey() instanceof HpkePrivateKey key)
				|| !key.getParameters().equals(RecipientKey.PARAMETERS)) {
			throw new EndToEndException("the private key is not an HPKE X25519 key");
		}
		this.keyset = keyset;
		try {
			this.decrypt = keyset.getPrimitive(HybridConfig2026.get(), HybridDecrypt.class);
		}
		catch (GeneralSecurityException ex) {
			throw new EndToEndException("the private key cannot be used", ex);
		}
		this.publicKey = RecipientKey.of(key.getPublicKey().getPublicKeyBytes().toByteArray());
	}

	/** A fresh key pair. */
	public static UserKeyPair generate() {
		try {
			return new UserKeyPair(KeysetHandle.generateNew(RecipientKey.PARAMETERS, HybridConfig2026.get()));
		}
		catch (GeneralSecurityException | EndToEndException ex) {
			throw new IllegalStateException("Cannot generate a key pair", ex);
		}
	}

	public RecipientKey publicKey() {
		return this.publicKey;
	}

	KeysetHandle keyset() {
		return this.keyset;
	}

	/**
	 * The file key of version {@code version} of file {@code fileId}, from the key
	 * wrapped to this pair's public key for that version.
	 * @throws EndToEndException if it was wrapped to another key, for another file or
	 * version, or changed
	 */
	public FileKey unwrap(byte[] wrapped, String fileId, int version) throws EndToEndException {
		byte[] material;
		try {
			material = this.decrypt.decrypt(wrapped, RecipientKey.contextInfo(fileId, version));
		}
		catch (GeneralSecurityException ex) {
			throw new EndToEndException("the wrapped file key does not open with your private key for version "
					+ version + " of this file");
		}
		try {
			return FileKey.of(material);
		}
		finally {
			Arrays.fill(material, (byte) 0);
		}
	}

	@Override
	public String toString() {
		return "UserKeyPair[" + this.publicKey.fingerprint() + "]";
	}

}
