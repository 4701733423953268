package dev.coffer.server.keys;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Base64;

import org.springframework.stereotype.Component;

import dev.coffer.crypto.BlobCipher;
import dev.coffer.crypto.CryptoException;
import dev.coffer.crypto.DataKey;
import dev.coffer.crypto.WrappedDataKey;

/**
 * Small secrets the server must be able to read again (TOTP secrets, the tokens of links
 * an owner may copy again), encrypted at rest the way file contents are: a fresh data key
 * per secret, wrapped by the master key ring, and the secret encrypted with it. Both are
 * bound to an id naming the row the secret belongs to (e.g. {@code totp:<user id>}), so a
 * sealed secret copied to another row does not open. Key rotation re-wraps the data keys
 * ({@link DataKeyRewrap}, the tables in {@link KeyRepository}).
 */
@Component
public class SealedSecrets {

	private final MasterKeys masterKeys;

	private final BlobCipher cipher = new BlobCipher();

	SealedSecrets(MasterKeys masterKeys) {
		this.masterKeys = masterKeys;
	}

	/** Encrypts {@code secret} under a new data key, both bound to {@code boundId}. */
	public Sealed seal(byte[] secret, String boundId) {
		try {
			DataKey key = DataKey.generate();
			ByteArrayOutputStream ciphertext = new ByteArrayOutputStream();
			try (OutputStream out = this.cipher.newEncryptingStream(key, boundId, 0, ciphertext)) {
				out.write(secret);
			}
			return new Sealed(ciphertext.toByteArray(), this.masterKeys.wrap(key, boundId));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (CryptoException ex) {
			throw new IllegalStateException("Cannot seal a secret", ex);
		}
	}

	/**
	 * Decrypts a sealed secret.
	 * @throws IllegalStateException if it does not open under {@code boundId} (moved to
	 * another row, altered, or its master key is gone)
	 */
	public byte[] open(Sealed sealed, String boundId) {
		try {
			DataKey key = this.masterKeys.unwrap(sealed.wrappedKey(), boundId);
			try (InputStream in = this.cipher.newDecryptingStream(key, boundId, 0,
					new ByteArrayInputStream(sealed.ciphertext()))) {
				return in.readAllBytes();
			}
		}
		catch (IOException | CryptoException ex) {
			throw new IllegalStateException("Cannot open a sealed secret", ex);
		}
	}

	/**
	 * A secret as stored: its ciphertext and its wrapped data key.
	 */
	public record Sealed(byte[] ciphertext, WrappedDataKey wrappedKey) {

		/**
		 * A sealed secret read back from the three columns it is stored in (see
		 * {@link SealedSecretTable}); {@code null} if the row has none.
		 */
		public static Sealed fromColumns(String ciphertext, String wrappedKey, long masterKeyId) {
			if (ciphertext == null || wrappedKey == null) {
				return null;
			}
			return new Sealed(Base64.getDecoder().decode(ciphertext),
					new WrappedDataKey(Base64.getDecoder().decode(wrappedKey), (int) masterKeyId));
		}

		/** The ciphertext as stored: Base64. */
		public String ciphertextColumn() {
			return Base64.getEncoder().encodeToString(this.ciphertext);
		}

		/** The wrapped data key as stored: Base64. */
		public String wrappedKeyColumn() {
			return Base64.getEncoder().encodeToString(this.wrappedKey.ciphertext());
		}

		/** The master key's id as stored: unsigned. */
		public long masterKeyIdColumn() {
			return Integer.toUnsignedLong(this.wrappedKey.masterKeyId());
		}

		@Override
		public String toString() {
			return "Sealed[masterKeyId=" + Integer.toUnsignedString(this.wrappedKey.masterKeyId()) + "]";
		}

	}

}
