package dev.coffer.server.mfa;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import org.springframework.stereotype.Component;

import dev.coffer.crypto.BlobCipher;
import dev.coffer.crypto.CryptoException;
import dev.coffer.crypto.DataKey;
import dev.coffer.crypto.WrappedDataKey;
import dev.coffer.server.keys.MasterKeys;

/**
 * Encrypts TOTP secrets at rest the way file contents are: a fresh data key per secret,
 * wrapped by the master key ring, and the secret encrypted with it. Both are bound to the
 * id {@code totp:<userId>}, so a stored secret copied to another user's row does not
 * decrypt.
 */
@Component
class TotpSecrets {

	private final MasterKeys masterKeys;

	private final BlobCipher cipher = new BlobCipher();

	TotpSecrets(MasterKeys masterKeys) {
		this.masterKeys = masterKeys;
	}

	EncryptedSecret encrypt(byte[] secret, String userId) {
		try {
			DataKey key = DataKey.generate();
			ByteArrayOutputStream ciphertext = new ByteArrayOutputStream();
			try (OutputStream out = this.cipher.newEncryptingStream(key, boundId(userId), 0, ciphertext)) {
				out.write(secret);
			}
			return new EncryptedSecret(ciphertext.toByteArray(), this.masterKeys.wrap(key, boundId(userId)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (CryptoException ex) {
			throw new IllegalStateException("Cannot encrypt the TOTP secret", ex);
		}
	}

	byte[] decrypt(EncryptedSecret encrypted, String userId) {
		try {
			DataKey key = this.masterKeys.unwrap(encrypted.wrappedKey(), boundId(userId));
			try (InputStream in = this.cipher.newDecryptingStream(key, boundId(userId), 0,
					new ByteArrayInputStream(encrypted.ciphertext()))) {
				return in.readAllBytes();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (CryptoException ex) {
			throw new IllegalStateException("Cannot decrypt the TOTP secret", ex);
		}
	}

	private static String boundId(String userId) {
		return "totp:" + userId;
	}

	record EncryptedSecret(byte[] ciphertext, WrappedDataKey wrappedKey) {
	}

}
