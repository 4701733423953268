package dev.coffer.server.mfa;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Known answers: RFC 6238 Appendix B, and RFC 4648 §10 for the base32 of secrets. */
class TotpCodesTest {

	private static final byte[] SHA1_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] SHA256_SECRET = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] SHA512_SECRET = "1234567890123456789012345678901234567890123456789012345678901234"
		.getBytes(StandardCharsets.US_ASCII);

	@ParameterizedTest
	@CsvSource({ "59, 94287082, 46119246, 90693936", "1111111109, 07081804, 68084774, 25091201",
			"1111111111, 14050471, 67062674, 99943326", "1234567890, 89005924, 91819424, 93441116",
			"2000000000, 69279037, 90698825, 38618901", "20000000000, 65353130, 77737706, 47863826" })
	void code_matchesRfc6238TestVectors(long unixSeconds, String sha1, String sha256, String sha512) {
		long step = TotpCodes.step(unixSeconds * 1000);
		assertThat(TotpCodes.code(SHA1_SECRET, step, 8, "HmacSHA1")).isEqualTo(sha1);
		assertThat(TotpCodes.code(SHA256_SECRET, step, 8, "HmacSHA256")).isEqualTo(sha256);
		assertThat(TotpCodes.code(SHA512_SECRET, step, 8, "HmacSHA512")).isEqualTo(sha512);
		// The 6 digits apps show are the last 6 of the same number.
		assertThat(TotpCodes.code(SHA1_SECRET, step)).isEqualTo(sha1.substring(2));
	}

	@ParameterizedTest
	@CsvSource({ "f, MY", "fo, MZXQ", "foo, MZXW6", "foob, MZXW6YQ", "fooba, MZXW6YTB", "foobar, MZXW6YTBOI" })
	void base32_matchesRfc4648TestVectors(String input, String encoded) {
		assertThat(Base32.encode(input.getBytes(StandardCharsets.US_ASCII))).isEqualTo(encoded);
	}

	@ParameterizedTest
	@CsvSource({ "-1, true", "0, true", "1, true", "-2, false", "2, false" })
	void matchingStep_acceptsOneStepEitherSide_only(long offset, boolean accepted) {
		long now = 1_111_111_111_000L;
		String code = TotpCodes.code(SHA1_SECRET, TotpCodes.step(now) + offset);
		long matched = TotpCodes.matchingStep(SHA1_SECRET, code, now);
		assertThat(matched).isEqualTo(accepted ? TotpCodes.step(now) + offset : -1);
	}

	@ParameterizedTest
	@CsvSource(value = { "''", "12345", "1234567", "12a456", "' 123456'" }, nullValues = "null")
	void matchingStep_refusesMalformedCodes(String code) {
		assertThat(TotpCodes.matchingStep(SHA1_SECRET, code, 59_000)).isEqualTo(-1);
	}

}
