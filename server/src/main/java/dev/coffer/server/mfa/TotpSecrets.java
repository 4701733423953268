package dev.coffer.server.mfa;

import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

import dev.coffer.server.keys.SealedSecretTable;
import dev.coffer.server.keys.SealedSecrets;
import dev.coffer.server.keys.SealedSecrets.Sealed;

/**
 * Encrypts TOTP secrets at rest the way file contents are ({@link SealedSecrets}), bound
 * to the id {@code totp:<userId>}, so a stored secret copied to another user's row does
 * not decrypt.
 */
@Component
class TotpSecrets {

	private final SealedSecrets sealed;

	TotpSecrets(SealedSecrets sealed) {
		this.sealed = sealed;
	}

	Sealed encrypt(byte[] secret, String userId) {
		return this.sealed.seal(secret, boundId(userId));
	}

	byte[] decrypt(Sealed encrypted, String userId) {
		return this.sealed.open(encrypted, boundId(userId));
	}

	/** Where the secrets are, for key rotation. */
	@Bean
	static SealedSecretTable totpSecretTable() {
		return new SealedSecretTable("totp_credentials", "user_id", "totp:", "wrapped_key", "master_key_id");
	}

	private static String boundId(String userId) {
		return "totp:" + userId;
	}

}
