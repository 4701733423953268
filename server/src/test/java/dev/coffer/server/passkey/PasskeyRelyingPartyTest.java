package dev.coffer.server.passkey;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.coffer.server.InvalidInputException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** Where passkeys are accepted from, and what a passkey may be called. */
class PasskeyRelyingPartyTest {

	@Test
	void defaultOrigin_isTheRpIdWithThePortTheServerListensOn() {
		assertThat(relyingParty("localhost", List.of(), true).allowedOrigins(8443))
			.containsExactly("https://localhost:8443");
		assertThat(relyingParty("files.example.org", List.of(), true).allowedOrigins(443))
			.containsExactly("https://files.example.org");
	}

	@Test
	void defaultOrigin_withTlsOff_isTheProxysStandardHttpsPort() {
		assertThat(relyingParty("files.example.org", List.of(), false).allowedOrigins(8080))
			.containsExactly("https://files.example.org");
	}

	@Test
	void configuredOrigins_replaceTheDefault() {
		assertThat(relyingParty("example.org", List.of("https://files.example.org", "https://example.org:9443"), true)
			.allowedOrigins(8443)).containsExactly("https://files.example.org", "https://example.org:9443");
	}

	@Test
	void names_areOneTo64CharactersWithoutControlCharacters() {
		assertThatNoException().isThrownBy(() -> PasskeyRelyingParty.checkName("work laptop"));
		assertThatNoException().isThrownBy(() -> PasskeyRelyingParty.checkName("ü".repeat(64)));
		for (String bad : new String[] { null, "", "   ", "x".repeat(65), "line\nbreak", "bell\u0007" }) {
			assertThatExceptionOfType(InvalidInputException.class).as("%s", bad)
				.isThrownBy(() -> PasskeyRelyingParty.checkName(bad))
				.satisfies((ex) -> assertThat(ex.field()).isEqualTo("label"));
		}
	}

	private static PasskeyRelyingParty relyingParty(String rpId, List<String> origins, boolean tls) {
		return new PasskeyRelyingParty(null, null, new PasskeyProperties(rpId, origins), tls, (event) -> {
		});
	}

}
