package dev.coffer.server.mfa;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.server.keys.KeyRingStatus;
import dev.coffer.server.keys.MasterKeyRotation;
import dev.coffer.server.keys.MasterKeys;
import dev.coffer.server.keys.Rewraps;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;
import dev.coffer.testendpoints.ControllableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A TOTP secret's data key is wrapped by the master key ring like a file's: a rotation
 * re-wraps it too, the old key can then be retired, and the user still signs in with
 * their authenticator.
 */
class TotpKeyRotationTest {

	static final String PASSWORD = "correct horse battery staple";

	static TestServer server;

	static ControllableClock clock;

	@BeforeAll
	static void start() {
		server = TestServer.startWith(new Class<?>[] { ControllableClock.class }, "coffer.keys.reload-interval=200ms",
				"coffer.keys.rewrap-interval=200ms");
		clock = server.bean(ControllableClock.class);
		long step = TotpCodes.step(clock.millis()) + 10;
		clock.set(Instant.ofEpochSecond(step * TotpCodes.STEP_SECONDS + 10));
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void rotation_rewrapsTotpSecrets_theOldKeyRetires_andCodesStillWork() throws Exception {
		server.client().signUp("rotating", PASSWORD);
		WebClient browser = server.client();
		browser.login("rotating", PASSWORD);
		SecondFactorPages.Enrolment enrolment = SecondFactorPages.enrol(browser, clock);
		int oldKey = server.bean(MasterKeys.class).ring().primaryKeyId();
		MasterKeyRotation rotation = server.bean(MasterKeyRotation.class);

		int newKey = rotation.rotate("test", (progress) -> {
		});
		KeyRingStatus status = Rewraps.awaitComplete(rotation, Duration.ofSeconds(30));
		assertThat(status.primaryKeyId()).isEqualTo(newKey).isNotEqualTo(oldKey);
		assertThat(server.bean(JdbcClient.class)
			.sql("select master_key_id from totp_credentials")
			.query(Long.class)
			.single()).isEqualTo(Integer.toUnsignedLong(newKey));
		rotation.retire(oldKey, "test");

		clock.set(clock.instant().plusSeconds(TotpCodes.STEP_SECONDS * 3));
		WebClient later = server.client();
		assertThat(later.login("rotating", PASSWORD).statusCode()).isEqualTo(302);
		HttpResponse<String> second = SecondFactorPages.enterCode(later,
				SecondFactorPages.codeAt(enrolment.secret(), clock, 0));
		assertThat(second.statusCode()).isEqualTo(302);
		assertThat(later.get("/files").statusCode()).as("signed in with a code after the rotation").isEqualTo(200);
	}

}
