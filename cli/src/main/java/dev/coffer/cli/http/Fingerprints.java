package dev.coffer.cli.http;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Certificate fingerprints as the server prints them at start ({@code AB:CD:…}, the
 * SHA-256 of the DER certificate), written {@code SHA256:AB:CD:…} so the algorithm is
 * part of what is pinned.
 */
public final class Fingerprints {

	static final String PREFIX = "SHA256:";

	private Fingerprints() {
	}

	public static String of(X509Certificate certificate) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
			return PREFIX + HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot fingerprint a certificate", ex);
		}
	}

	/**
	 * The canonical form of a fingerprint a user typed or pasted: with or without the
	 * {@code SHA256:} prefix and the colons, in either case.
	 * @throws IllegalArgumentException if it is not 32 bytes of hex
	 */
	public static String parse(String typed) {
		String hex = typed.strip();
		if (hex.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
			hex = hex.substring(PREFIX.length());
		}
		hex = hex.replace(":", "").toUpperCase(Locale.ROOT);
		if (!hex.matches("[0-9A-F]{64}")) {
			throw new IllegalArgumentException(
					"A fingerprint is SHA256: and 32 bytes in hex, as the server prints it at start (AB:CD:…)");
		}
		return PREFIX + HexFormat.ofDelimiter(":").withUpperCase().formatHex(HexFormat.of().parseHex(hex));
	}

}
