package dev.coffer.cli.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FingerprintsTest {

	private static final String CANONICAL = "SHA256:" + "AB:".repeat(31) + "AB";

	@Test
	void parse_acceptsTheServersFormat_withOrWithoutPrefixColonsOrCase() {
		assertThat(Fingerprints.parse("AB:".repeat(31) + "AB")).isEqualTo(CANONICAL);
		assertThat(Fingerprints.parse("sha256:" + "ab".repeat(32))).isEqualTo(CANONICAL);
		assertThat(Fingerprints.parse(" " + CANONICAL + " ")).isEqualTo(CANONICAL);
	}

	@Test
	void parse_refusesAnythingButThirtyTwoBytesOfHex() {
		assertThatIllegalArgumentException().isThrownBy(() -> Fingerprints.parse("AB:CD"));
		assertThatIllegalArgumentException().isThrownBy(() -> Fingerprints.parse("SHA256:" + "ZZ".repeat(32)));
		assertThatIllegalArgumentException().isThrownBy(() -> Fingerprints.parse("MD5:" + "AB".repeat(32)));
	}

}
