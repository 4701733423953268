package dev.coffer.server.mfa;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords as RFC 6238 defines them with the parameters every
 * authenticator app supports: HMAC-SHA1, 30-second steps from the Unix epoch, 6 digits
 * (RFC 4226 dynamic truncation).
 */
final class TotpCodes {

	static final long STEP_SECONDS = 30;

	static final int DIGITS = 6;

	private TotpCodes() {
	}

	/** The step (counter) that {@code epochMillis} falls in. */
	static long step(long epochMillis) {
		return Math.floorDiv(epochMillis, STEP_SECONDS * 1000);
	}

	/** The code for {@code step}, {@code digits} long, zero-padded. */
	static String code(byte[] secret, long step, int digits, String hmacAlgorithm) {
		try {
			Mac mac = Mac.getInstance(hmacAlgorithm);
			mac.init(new SecretKeySpec(secret, hmacAlgorithm));
			byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
			int offset = hash[hash.length - 1] & 0x0f;
			int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
					| ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
			int modulus = (int) Math.pow(10, digits);
			return String.format("%0" + digits + "d", binary % modulus);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String code(byte[] secret, long step) {
		return code(secret, step, DIGITS, "HmacSHA1");
	}

	/**
	 * The step within ±1 of {@code now}'s whose code is {@code code}, or -1. Every
	 * candidate is computed and compared in constant time, so timing does not tell which
	 * step matched.
	 */
	static long matchingStep(byte[] secret, String code, long epochMillis) {
		if (code == null || !code.matches("[0-9]{" + DIGITS + "}")) {
			return -1;
		}
		long now = step(epochMillis);
		long matched = -1;
		for (long step = now - 1; step <= now + 1; step++) {
			if (MessageDigest.isEqual(code(secret, step).getBytes(StandardCharsets.US_ASCII),
					code.getBytes(StandardCharsets.US_ASCII))) {
				matched = step;
			}
		}
		return matched;
	}

}
