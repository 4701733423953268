package dev.coffer.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.coffer.server.support.ChildJvm;
import dev.coffer.server.support.ChildServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A secret file of the data directory that group or others may read (a restore with
 * {@code cp} without {@code -p}, a {@code chmod} by mistake) stops the server and the
 * operator commands with one clear report that names the {@code chmod} that fixes it, not
 * with a stack trace whose useful line is a nested cause.
 */
class LoosePermissionsTest {

	@Test
	void aMasterKeyFileOrDatabasePasswordOthersCanRead_refusesTheStart_sayingHowToFixIt(@TempDir Path temp)
			throws Exception {
		Path dataDir = temp.resolve("data");
		ChildJvm.Result init = ChildJvm.run(dataDir, null, "keys", "status");
		assertThat(init.exitCode()).as(init.stderr()).isZero();
		Path keyFile = dataDir.resolve("keys/master.json");
		Path passwordFile = dataDir.resolve("db/password");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("db/coffer.mv.db"))))
			.as("H2's file, made with the umask, is made owner-only like the rest")
			.isEqualTo("rw-------");

		Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
		assertRefused(temp, dataDir, "keyfile", "The master key file " + keyFile + " is accessible by group or others",
				"chmod 600 " + keyFile);
		Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));

		Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-r--r--"));
		assertRefused(temp, dataDir, "password",
				"The database password file " + passwordFile + " is accessible by group or others",
				"chmod 600 " + passwordFile);
	}

	private static void assertRefused(Path temp, Path dataDir, String name, String description, String fix)
			throws Exception {
		Path log = temp.resolve(name + ".log");
		assertThatIllegalStateException()
			.isThrownBy(() -> ChildServer.start(dataDir, log, Duration.ofMinutes(2)).close())
			.withMessageContaining("exited");
		String output = Files.readString(log);
		assertThat(output).contains("APPLICATION FAILED TO START\n")
			.contains("Description:\n\n" + description)
			.contains("Action:\n\nRestrict it with: " + fix)
			.as("no stack trace, and the report once")
			.doesNotContain("\tat ")
			.doesNotContain("Caused by")
			.doesNotContain("LoggingFailureAnalysisReporter");

		ChildJvm.Result command = ChildJvm.run(dataDir, null, "keys", "status");
		assertThat(command.exitCode()).isEqualTo(1);
		assertThat(command.stdout()).isEmpty();
		assertThat(command.stderr().strip()).as("one line")
			.startsWith("error: " + description)
			.contains(fix)
			.doesNotContain("\n");
	}

}
