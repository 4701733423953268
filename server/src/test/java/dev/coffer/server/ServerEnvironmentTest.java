package dev.coffer.server;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServerEnvironmentTest {

	@Test
	void noTrustedProxies_trustsNoAddress() {
		Pattern pattern = Pattern.compile(ServerEnvironment.proxyPattern(List.of()));
		assertThat(pattern.matcher("127.0.0.1").matches()).isFalse();
		assertThat(pattern.matcher("10.0.0.1").matches()).isFalse();
	}

	@Test
	void trustedProxies_matchExactly_notAsRegex() {
		Pattern pattern = Pattern.compile(ServerEnvironment.proxyPattern(List.of("10.0.0.1", " 192.168.1.5 ")));
		assertThat(pattern.matcher("10.0.0.1").matches()).isTrue();
		assertThat(pattern.matcher("192.168.1.5").matches()).isTrue();
		// A dot is a dot, not "any character".
		assertThat(pattern.matcher("10a0b0c1").matches()).isFalse();
		assertThat(pattern.matcher("10.0.0.10").matches()).isFalse();
	}

	@Test
	void tlsCiphers_areAllForwardSecretAead() {
		for (String cipher : ServerEnvironment.TLS_CIPHERS.split(",")) {
			assertThat(cipher).matches("TLS_(AES|CHACHA20|ECDHE_(ECDSA|RSA)_WITH_(AES|CHACHA20)).*(GCM|POLY1305).*");
		}
	}

}
