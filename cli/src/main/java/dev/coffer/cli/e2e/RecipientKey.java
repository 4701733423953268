package dev.coffer.cli.e2e;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import com.google.crypto.tink.hybrid.HybridConfig2026;
import com.google.crypto.tink.util.Bytes;

/**
 * A user's public key (HPKE: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM, RFC
 * 9180) to wrap file keys to. Its fingerprint is the SHA-256 of the 32 raw key bytes.
 * <p>
 * A wrapped key is HPKE's output, the 32-byte encapsulated key then the AES-256-GCM
 * ciphertext of the 32-byte file key, with the context info
 * {@code "coffer e2e file key v1" 0x00 fileId 0x00 version}: a wrapped key opens only as
 * the key of the file and version it was made for.
 */
public final class RecipientKey {

	/** The algorithm name the server records. */
	public static final String ALGORITHM = "HPKE-X25519-HKDF-SHA256-AES-256-GCM";

	static final HpkeParameters PARAMETERS = parameters();

	private final byte[] raw;

	private final HybridEncrypt encrypt;

	private RecipientKey(byte[] raw) throws EndToEndException {
		if (raw.length != 32) {
			throw new EndToEndException("a public key is 32 bytes (X25519)");
		}
		this.raw = raw.clone();
		try {
			HpkePublicKey key = HpkePublicKey.create(PARAMETERS, Bytes.copyFrom(raw), null);
			KeysetHandle keyset = KeysetHandle.newBuilder()
				.addEntry(KeysetHandle.importKey(key).withRandomId().makePrimary())
				.build();
			this.encrypt = keyset.getPrimitive(HybridConfig2026.get(), HybridEncrypt.class);
		}
		catch (GeneralSecurityException ex) {
			throw new EndToEndException("not a valid public key", ex);
		}
	}

	/** The public key with these raw bytes. */
	public static RecipientKey of(byte[] raw) throws EndToEndException {
		return new RecipientKey(raw);
	}

	public byte[] raw() {
		return this.raw.clone();
	}

	/** The SHA-256 of the raw key, lowercase hex (as the server records it). */
	public String fingerprint() {
		return fingerprintOf(this.raw);
	}

	/**
	 * Wraps {@code fileKey} to this key, for version {@code version} of file
	 * {@code fileId}.
	 */
	public byte[] wrap(FileKey fileKey, String fileId, int version) {
		byte[] material = fileKey.material();
		try {
			return this.encrypt.encrypt(material, contextInfo(fileId, version));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HPKE encryption failed", ex);
		}
		finally {
			Arrays.fill(material, (byte) 0);
		}
	}

	static byte[] contextInfo(String fileId, int version) {
		return ("coffer e2e file key v1\0" + fileId + "\0" + version).getBytes(StandardCharsets.UTF_8);
	}

	static String fingerprintOf(byte[] raw) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A fingerprint as people compare it: 64 hex digits in groups of four. Accepts the
	 * same with or without spaces or colons, in either case.
	 */
	public static String display(String fingerprint) {
		String hex = normalize(fingerprint);
		StringBuilder shown = new StringBuilder();
		for (int i = 0; i < hex.length(); i += 4) {
			shown.append((i > 0) ? " " : "").append(hex, i, Math.min(hex.length(), i + 4));
		}
		return shown.toString();
	}

	/**
	 * The fingerprint as 64 lowercase hex digits.
	 * @throws IllegalArgumentException if it is not a SHA-256 in hex
	 */
	public static String normalize(String fingerprint) {
		String hex = fingerprint.replaceAll("[\\s:]", "").toLowerCase(Locale.ROOT);
		if (!hex.matches("[0-9a-f]{64}")) {
			throw new IllegalArgumentException(
					"A key fingerprint is 64 hexadecimal digits (spaces and colons allowed), as coffer keys show prints it.");
		}
		return hex;
	}

	private static HpkeParameters parameters() {
		try {
			return HpkeParameters.builder()
				.setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
				.setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
				.setAeadId(HpkeParameters.AeadId.AES_256_GCM)
				.setVariant(HpkeParameters.Variant.NO_PREFIX)
				.build();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
