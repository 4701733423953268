package dev.coffer.server.token;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.coffer.server.InvalidInputException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The rules for token names and statuses, without a server. */
class ApiTokenServiceTest {

	@Test
	void name_isTrimmedAndNormalizedToNfc() {
		assertThat(ApiTokenService.requireValidName("  laptop  ")).isEqualTo("laptop");
		assertThat(ApiTokenService.requireValidName("Cafe\u0301")).isEqualTo("Caf\u00e9");
		assertThat(ApiTokenService.requireValidName("x".repeat(64))).hasSize(64);
		assertThat(ApiTokenService.requireValidName("backup – NAS 🗄")).isEqualTo("backup – NAS 🗄");
	}

	@Test
	void name_emptyTooLongOrWithControlCharacters_isRejected() {
		for (String name : new String[] { null, "", " \t ", "x".repeat(65), "a\u0000b", "a\tb", "a\u007fb", "a\u2028b",
				"invoice\u202Efdp.exe", "a\u2066b" }) {
			assertThatExceptionOfType(InvalidInputException.class).as(String.valueOf(name))
				.isThrownBy(() -> ApiTokenService.requireValidName(name))
				.satisfies((ex) -> assertThat(ex.field()).isEqualTo("name"));
		}
	}

	@Test
	void status_revokedWinsOverExpired_andExpiryIsExclusive() {
		Instant now = Instant.parse("2026-06-01T12:00:00Z");
		assertThat(token(null, null).status(now)).isEqualTo(ApiToken.Status.ACTIVE);
		assertThat(token(now.plusMillis(1), null).status(now)).isEqualTo(ApiToken.Status.ACTIVE);
		assertThat(token(now, null).status(now)).isEqualTo(ApiToken.Status.EXPIRED);
		assertThat(token(now.minusSeconds(1), now.minusSeconds(5)).status(now)).isEqualTo(ApiToken.Status.REVOKED);
	}

	@Test
	void tokenLength_isThePrefixAnd256BitsOfBase64() {
		assertThat(ApiTokenService.TOKEN_LENGTH).isEqualTo("coffer_pat_".length() + 43);
	}

	private static ApiToken token(Instant expiresAt, Instant revokedAt) {
		return new ApiToken("id", "user", "name", List.of("files"), Instant.EPOCH, expiresAt, null, revokedAt);
	}

}
