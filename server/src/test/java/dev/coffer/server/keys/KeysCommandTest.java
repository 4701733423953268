package dev.coffer.server.keys;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.coffer.crypto.MasterKeyRing;
import dev.coffer.server.support.ChildJvm;
import dev.coffer.server.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code keys status|rotate|retire} as separate processes beside a running server whose
 * re-wrap job is held back (it runs once at start, then only hourly), so that data keys
 * stay on the old key for as long as the test needs.
 */
class KeysCommandTest {

	static final Map<String, String> FAST_RELOAD = Map.of("COFFER_KEYS_RELOAD_INTERVAL", "300ms");

	static TestServer server;

	@BeforeAll
	static void start() {
		server = TestServer.start("coffer.keys.reload-interval=300ms", "coffer.keys.rewrap-interval=1h");
		FileTraffic traffic = new FileTraffic(FileTraffic.signedUp(server, "owner"));
		Random random = new Random(2);
		for (int i = 0; i < 3; i++) {
			assertThat(traffic.upload("file-" + i, 1000, random)).isEqualTo(201);
		}
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void retire_whileDataKeysUseTheKey_orOfThePrimary_isRefusedWithTheCount_andChangesNothing() throws Exception {
		String oldKey = Integer.toUnsignedString(server.bean(MasterKeys.class).ring().primaryKeyId());
		ChildJvm.Result primary = ChildJvm.run(server.dataDir(), null, "keys", "retire", oldKey);
		assertThat(primary.exitCode()).isEqualTo(1);
		assertThat(primary.stderr()).contains("error: Master key " + oldKey + " is the primary");

		ChildJvm.Result rotate = ChildJvm.runWithEnvironment(server.dataDir(), FAST_RELOAD, null, "keys", "rotate");
		assertThat(rotate.exitCode()).as(rotate.stderr()).isZero();
		assertThat(rotate.stderr()).as("OPERATIONS.md: back up the key ring after every rotation")
			.contains("Back up " + keyFile() + " now");
		String newKey = Integer.toUnsignedString(server.bean(MasterKeys.class).reloadIfChanged().primaryKeyId());
		assertThat(newKey).isNotEqualTo(oldKey);
		String keyFileBefore = Files.readString(keyFile(), StandardCharsets.UTF_8);

		ChildJvm.Result retire = ChildJvm.run(server.dataDir(), null, "keys", "retire", oldKey);
		assertThat(retire.exitCode()).isEqualTo(1);
		assertThat(retire.stdout()).isEmpty();
		assertThat(retire.stderr()).contains("error: Master key " + oldKey + " still wraps 4 data key(s)")
			.doesNotContain("Exception");
		assertThat(Files.readString(keyFile(), StandardCharsets.UTF_8)).isEqualTo(keyFileBefore);

		ChildJvm.Result status = ChildJvm.run(server.dataDir(), null, "keys", "status");
		assertThat(status.exitCode()).as(status.stderr()).isZero();
		assertThat(status.stdout()).containsPattern(oldKey + "\\s+enabled\\s+4")
			.containsPattern(newKey + "\\s+enabled\\s+yes\\s+0")
			.contains("Re-wrap: 0 of 4 data keys on the primary key, 4 to go")
			.contains("to key " + newKey);
	}

	@Test
	void rotate_withTheRingInTheEnvironment_isRefused_andPrintOffersTheRotatedKeySet() throws Exception {
		String keyset = Files.readString(keyFile(), StandardCharsets.UTF_8);
		Map<String, String> environment = Map.of("COFFER_MASTER_KEYSET", keyset);
		ChildJvm.Result rotate = ChildJvm.runWithEnvironment(server.dataDir(), environment, null, "keys", "rotate");
		assertThat(rotate.exitCode()).isEqualTo(1);
		assertThat(rotate.stderr()).contains("COFFER_MASTER_KEYSET").contains("keys rotate --print");
		assertThat(Files.readString(keyFile(), StandardCharsets.UTF_8)).isEqualTo(keyset);

		ChildJvm.Result print = ChildJvm.runWithEnvironment(server.dataDir(), environment, null, "keys", "rotate",
				"--print");
		assertThat(print.exitCode()).as(print.stderr()).isZero();
		MasterKeyRing current = MasterKeyRing.fromKeysetJson(keyset);
		MasterKeyRing printed = MasterKeyRing.fromKeysetJson(print.stdout().strip());
		assertThat(printed.keys()).hasSize(current.keys().size() + 1);
		assertThat(printed.primaryKeyId()).isNotEqualTo(current.primaryKeyId());
		assertThat(Files.readString(keyFile(), StandardCharsets.UTF_8)).isEqualTo(keyset);
	}

	@Test
	void aKeyFileOthersCanRead_isRefused_sayingHowToFixIt() throws Exception {
		Set<PosixFilePermission> before = Files.getPosixFilePermissions(keyFile());
		try {
			Files.setPosixFilePermissions(keyFile(), PosixFilePermissions.fromString("rw-r--r--"));

			ChildJvm.Result status = ChildJvm.run(server.dataDir(), null, "keys", "status");

			assertThat(status.exitCode()).isEqualTo(1);
			assertThat(status.stderr()).contains("is accessible by group or others")
				.contains("Restrict it with: chmod 600 " + keyFile())
				.doesNotContain("Error creating bean");
		}
		finally {
			Files.setPosixFilePermissions(keyFile(), before);
		}
	}

	@Test
	void aNewKeyRing_isAnnouncedAsCreated_withABackupWarning_once(@TempDir Path temp) throws Exception {
		Path dataDir = temp.resolve("fresh");
		ChildJvm.Result first = ChildJvm.run(dataDir, null, "keys", "status");
		assertThat(first.exitCode()).as(first.stderr()).isZero();
		assertThat(first.stderr()).contains("WARN")
			.contains("A new master key ring was created in " + dataDir.resolve("keys/master.json"))
			.contains("Back it up now");
		ChildJvm.Result second = ChildJvm.run(dataDir, null, "keys", "status");
		assertThat(second.exitCode()).as(second.stderr()).isZero();
		assertThat(second.stderr()).doesNotContain("master key ring was created");
	}

	private static Path keyFile() {
		return server.dataDir().resolve("keys/master.json");
	}

}
