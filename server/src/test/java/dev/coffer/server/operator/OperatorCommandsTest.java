package dev.coffer.server.operator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.coffer.server.support.ChildJvm;
import dev.coffer.server.support.ChildServer;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@code user add|list|disable} run as separate processes against the data directory of a
 * server that is running at the same time (H2 in auto-server mode makes that possible).
 */
class OperatorCommandsTest {

	static final String PASSWORD = "correct horse battery staple";

	static TestServer server;

	@BeforeAll
	static void start() {
		server = TestServer.start();
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void userAdd_list_disable_whileTheServerRuns() throws Exception {
		ChildJvm.Result add = ChildJvm.run(server.dataDir(), PASSWORD + "\n", "user", "add", "Operator", "--admin");
		assertThat(add.exitCode()).as(add.stderr()).isZero();
		assertThat(add.stdout()).contains("Created operator (admin)");

		WebClient browser = server.client();
		HttpResponse<String> login = browser.login("operator", PASSWORD);
		assertThat(login.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
		assertThat(browser.get("/account").body()).contains("Administrator");

		ChildJvm.Result addSecond = ChildJvm.run(server.dataDir(), PASSWORD + "\n", "user", "add", "worker");
		assertThat(addSecond.exitCode()).as(addSecond.stderr()).isZero();

		ChildJvm.Result list = ChildJvm.run(server.dataDir(), null, "user", "list");
		assertThat(list.exitCode()).isZero();
		assertThat(list.stdout()).containsPattern("operator\\s+admin\\s+enabled")
			.containsPattern("worker\\s+user\\s+enabled");

		WebClient worker = server.client();
		worker.login("worker", PASSWORD);
		assertThat(worker.get("/account").statusCode()).isEqualTo(200);
		ChildJvm.Result disable = ChildJvm.run(server.dataDir(), null, "user", "disable", "worker");
		assertThat(disable.exitCode()).as(disable.stderr()).isZero();
		// Their live session ends at once, and they cannot sign in again.
		assertThat(worker.get("/account").statusCode()).isEqualTo(302);
		assertThat(server.client().login("worker", PASSWORD).headers().firstValue("Location").orElseThrow())
			.endsWith("/login?disabled");
	}

	@Test
	void userAdd_withAWeakPassword_failsWithTheSameMessageAsSignUp() throws Exception {
		ChildJvm.Result add = ChildJvm.run(server.dataDir(), "password1234\n", "user", "add", "weakling");
		assertThat(add.exitCode()).isEqualTo(1);
		assertThat(add.stderr()).contains("error: ").contains("common or breached").doesNotContain("Exception");
	}

	@Test
	void unknownCommandOption_isAUsageError_withHelp() throws Exception {
		ChildJvm.Result result = ChildJvm.run(server.dataDir(), null, "user", "add");
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.stderr()).contains("Missing required parameter").contains("Usage:");
	}

	@Test
	void aCommandThatFindsNoDataDirectory_saysItMadeANewEmptyOne(@TempDir Path temp) throws Exception {
		Path elsewhere = temp.resolve("not-the-servers");
		ChildJvm.Result first = ChildJvm.run(elsewhere, null, "user", "list");
		assertThat(first.exitCode()).as(first.stderr()).isZero();
		assertThat(first.stderr()).contains("note: there was no data directory at " + elsewhere)
			.contains("--coffer.data-dir");
		ChildJvm.Result second = ChildJvm.run(elsewhere, null, "user", "list");
		assertThat(second.exitCode()).as(second.stderr()).isZero();
		assertThat(second.stderr()).doesNotContain("note:");
		ChildJvm.Result serversOwn = ChildJvm.run(server.dataDir(), null, "user", "list");
		assertThat(serversOwn.stderr()).doesNotContain("note:");
	}

	/**
	 * A backup restored next to the running server, with H2's lock file copied along:
	 * that file names the port on which the running server serves its database, and H2
	 * alone would connect there, so that a command "on the copy" changed the original.
	 */
	@Test
	void aCopyOfTheDataDirectoryWithTheServersLockFile_isRefused_andTheRunningServersDataIsUntouched(@TempDir Path temp)
			throws Exception {
		Path copy = temp.resolve("restored");
		copyTree(server.dataDir(), copy);
		Path lockFile = copy.resolve("db/coffer.lock.db");
		assertThat(lockFile).exists();

		ChildJvm.Result add = ChildJvm.run(copy, PASSWORD + "\n", "user", "add", "intruder");
		assertThat(add.exitCode()).isEqualTo(1);
		assertThat(add.stderr()).contains("The database of this data directory")
			.contains("was not opened")
			.contains("delete " + lockFile)
			.doesNotContain("Exception");
		ChildJvm.Result list = ChildJvm.run(server.dataDir(), null, "user", "list");
		assertThat(list.exitCode()).as(list.stderr()).isZero();
		assertThat(list.stdout()).doesNotContain("intruder");
		ChildJvm.Result listCopy = ChildJvm.run(copy, null, "user", "list");
		assertThat(listCopy.exitCode()).isEqualTo(1);
		assertThat(listCopy.stdout()).as("no table header that a script would read as an empty list").isEmpty();

		Path log = temp.resolve("restored.log");
		assertThatIllegalStateException().isThrownBy(() -> ChildServer.start(copy, log, Duration.ofMinutes(2)).close())
			.withMessageContaining("exited");
		assertThat(Files.readString(log)).contains("APPLICATION FAILED TO START")
			.contains("was not opened")
			.contains("Leave coffer.lock.db out of backups");
	}

	private static void copyTree(Path from, Path to) throws IOException {
		try (Stream<Path> paths = Files.walk(from)) {
			paths.forEach((path) -> {
				try {
					Files.copy(path, to.resolve(from.relativize(path).toString()), StandardCopyOption.COPY_ATTRIBUTES);
				}
				catch (NoSuchFileException ex) {
					// Gone while the tree was copied: a running server's temporary file.
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
	}

}
