package dev.coffer.server.account;

import java.time.Instant;

/**
 * A user's public key for end-to-end encrypted files, as their client registered it.
 *
 * @param algorithm what the key is for: {@link PublicKeys#ALGORITHM}
 * @param publicKey the raw public key, base64
 * @param fingerprint the SHA-256 of the raw key, lowercase hex
 */
public record UserPublicKey(String userId, String username, String algorithm, String publicKey, String fingerprint,
		Instant createdAt) {
}
