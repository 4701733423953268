package dev.coffer.server;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

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
	void mysqlUrl_isServedByTheMariaDbDriver() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.datasource.url",
				"jdbc:mysql://db.example:3306/coffer?sslMode=verify-full");
		ServerEnvironment.mysqlThroughMariaDbDriver(environment);
		assertThat(environment.getProperty("spring.datasource.url"))
			.isEqualTo("jdbc:mysql://db.example:3306/coffer?sslMode=verify-full&permitMysqlScheme");
		assertThat(environment.getProperty("spring.datasource.driver-class-name")).isEqualTo("org.mariadb.jdbc.Driver");
	}

	@Test
	void otherUrls_orAnExplicitDriver_areLeftAlone() {
		for (String url : new String[] { "jdbc:postgresql://db/coffer", "jdbc:mariadb://db/coffer" }) {
			MockEnvironment environment = new MockEnvironment().withProperty("spring.datasource.url", url);
			ServerEnvironment.mysqlThroughMariaDbDriver(environment);
			assertThat(environment.getProperty("spring.datasource.url")).isEqualTo(url);
			assertThat(environment.getProperty("spring.datasource.driver-class-name")).isNull();
		}
		MockEnvironment explicit = new MockEnvironment().withProperty("spring.datasource.url", "jdbc:mysql://db/coffer")
			.withProperty("spring.datasource.driver-class-name", "com.example.Driver");
		ServerEnvironment.mysqlThroughMariaDbDriver(explicit);
		assertThat(explicit.getProperty("spring.datasource.url")).isEqualTo("jdbc:mysql://db/coffer");
	}

	@Test
	void tlsCiphers_areAllForwardSecretAead() {
		for (String cipher : ServerEnvironment.TLS_CIPHERS.split(",")) {
			assertThat(cipher).matches("TLS_(AES|CHACHA20|ECDHE_(ECDSA|RSA)_WITH_(AES|CHACHA20)).*(GCM|POLY1305).*");
		}
	}

}
