package dev.coffer.server.account;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

import dev.coffer.server.ConflictException;
import dev.coffer.server.InvalidInputException;
import dev.coffer.server.NotFoundException;

/**
 * Users' public keys for end-to-end encrypted files (docs/SECURITY.md, "End-to-end
 * encrypted files"). The server keeps and hands out public keys only; it never sees a
 * private key. One key per user, never replaced through the API: files wrapped to a key
 * open only with its private key, so a second key would silently strand them.
 */
@Service
public class PublicKeys {

	/** HPKE (RFC 9180): DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM. */
	public static final String ALGORITHM = "HPKE-X25519-HKDF-SHA256-AES-256-GCM";

	private static final int X25519_KEY_BYTES = 32;

	private final PublicKeyRepository keys;

	private final Clock clock;

	PublicKeys(PublicKeyRepository keys, Clock clock) {
		this.keys = keys;
		this.clock = clock;
	}

	/** What {@link #register} did: the key as stored, and whether it is new. */
	public record Registration(UserPublicKey key, boolean created) {
	}

	/**
	 * Registers the user's public key. Registering the key they have already is accepted
	 * again; a different one is refused (409).
	 * @param fingerprint the client's fingerprint of the key, checked against the key
	 */
	public Registration register(String userId, String algorithm, String publicKey, String fingerprint) {
		if (!ALGORITHM.equals(algorithm)) {
			throw new InvalidInputException("algorithm", "The algorithm must be " + ALGORITHM + ".");
		}
		byte[] raw = decode(publicKey);
		String computed = fingerprint(raw);
		if (fingerprint == null || !computed.equalsIgnoreCase(fingerprint.replace(":", ""))) {
			throw new InvalidInputException("fingerprint",
					"The fingerprint is not the SHA-256 of the public key (it is " + computed + ").");
		}
		String canonical = Base64.getEncoder().encodeToString(raw);
		Optional<UserPublicKey> existing = this.keys.ofUser(userId);
		if (existing.isEmpty()) {
			try {
				this.keys.insert(userId, ALGORITHM, canonical, computed, this.clock.instant());
				return new Registration(this.keys.ofUser(userId).orElseThrow(), true);
			}
			catch (DuplicateKeyException ex) {
				existing = this.keys.ofUser(userId);
			}
		}
		UserPublicKey key = existing.orElseThrow();
		if (!key.publicKey().equals(canonical)) {
			throw new ConflictException("You have a public key already (fingerprint " + key.fingerprint()
					+ "). Files are wrapped to it, so it is not replaced; use the private key that goes with it.");
		}
		return new Registration(key, false);
	}

	/** The user's own public key, if they registered one. */
	public Optional<UserPublicKey> own(String userId) {
		return this.keys.ofUser(userId);
	}

	/**
	 * The public key of the user with this username or email address, for wrapping a file
	 * key to them.
	 * @throws NotFoundException if there is no such user, or they have no key
	 */
	public UserPublicKey of(String usernameOrEmail) {
		if (usernameOrEmail == null || usernameOrEmail.isBlank() || usernameOrEmail.length() > 254) {
			throw new NotFoundException("There is no user with that username or email address.");
		}
		// Sign-up and sharing already tell whether a username exists.
		return this.keys.ofUsernameOrEmail(usernameOrEmail)
			.orElseThrow(() -> new NotFoundException("That user has no public key for end-to-end encrypted files "
					+ "(or there is no such user). They make one with: coffer keys init"));
	}

	/** The lowercase hex SHA-256 of a raw public key. */
	public static String fingerprint(byte[] raw) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] decode(String publicKey) {
		byte[] raw;
		try {
			raw = Base64.getDecoder().decode((publicKey != null) ? publicKey : "");
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException("publicKey", "The public key must be base64.");
		}
		if (raw.length != X25519_KEY_BYTES) {
			throw new InvalidInputException("publicKey", "The public key must be 32 bytes (X25519), in base64.");
		}
		return raw;
	}

}
