package dev.coffer.server.keys;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.coffer.crypto.MasterKeyRing;
import dev.coffer.server.OperationNotAllowedException;
import dev.coffer.server.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A ring kept in {@code COFFER_MASTER_KEYSET} is rotated by restarting with a new key set
 * in the variable: the re-wrap job recognises the new primary and moves the data keys
 * onto it. (The variable is set as a system property, which Spring reads the same way,
 * and cleared afterwards.)
 */
class EnvironmentKeysetTest {

	@Test
	void restartWithANewPrimaryInTheVariable_rewrapsEveryDataKey_andRotatingInProcessIsRefused() throws Exception {
		MasterKeyRing first = MasterKeyRing.generate();
		System.setProperty(MasterKeys.ENVIRONMENT_VARIABLE, first.toInsecureKeysetJson());
		TestServer server = null;
		try {
			server = TestServer.start("coffer.keys.rewrap-interval=200ms");
			FileTraffic traffic = new FileTraffic(FileTraffic.signedUp(server, "carol"));
			Random random = new Random(5);
			for (int i = 0; i < 5; i++) {
				assertThat(traffic.upload("file-" + i, 3000, random)).isEqualTo(201);
			}
			assertThat(server.dataDir().resolve("keys/master.json")).doesNotExist();
			MasterKeyRotation rotation = server.bean(MasterKeyRotation.class);
			assertThat(rotation.status().fromEnvironment()).isTrue();
			assertThatThrownBy(() -> rotation.startRotation("carol")).isInstanceOf(OperationNotAllowedException.class)
				.hasMessageContaining("COFFER_MASTER_KEYSET");
			server.stop();

			MasterKeyRing second = first.withNewPrimaryKey();
			System.setProperty(MasterKeys.ENVIRONMENT_VARIABLE, second.toInsecureKeysetJson());
			server.startAgain();
			KeyRingStatus status = Rewraps.awaitComplete(server.bean(MasterKeyRotation.class), Duration.ofSeconds(20));
			assertThat(status.primaryKeyId()).isEqualTo(second.primaryKeyId());
			assertThat(status.dataKeysOnPrimary()).as("5 files and the audit MAC key").isEqualTo(6);
			assertThat(status.lastRotation().rotatedBy()).isEqualTo("environment");
			for (String name : traffic.sha256ByName.keySet()) {
				assertThat(traffic.checkDownload(name)).isNull();
			}
		}
		finally {
			System.clearProperty(MasterKeys.ENVIRONMENT_VARIABLE);
			if (server != null) {
				server.stop();
			}
		}
	}

}
