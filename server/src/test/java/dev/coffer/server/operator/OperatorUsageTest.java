package dev.coffer.server.operator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.coffer.server.support.ChildJvm;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Command lines an operator gets wrong, run as {@code java -jar coffer-server.jar ...}
 * runs them: a usage error (exit code 2) with one clear line, found before anything opens
 * the data directory, and never a server started by mistake.
 */
class OperatorUsageTest {

	/**
	 * Were a typo a server start, the child would listen (on a free port here, on 8443
	 * for the operator) and run until killed: the run would time out, and the data
	 * directory would exist.
	 */
	@Test
	void aWordThatIsNoCommand_isAUsageError_andStartsNoServer(@TempDir Path temp) throws Exception {
		Path dataDir = temp.resolve("data");
		for (String[] typo : new String[][] { { "nonsense" }, { "users", "list" } }) {
			String[] args = new String[typo.length + 2];
			System.arraycopy(typo, 0, args, 0, typo.length);
			args[typo.length] = "--server.port=0";
			args[typo.length + 1] = "--coffer.tls.http-redirect-port=-1";
			ChildJvm.Result result = ChildJvm.runWithin(Duration.ofSeconds(90), dataDir, Map.of(), null, args);
			assertThat(result.exitCode()).as(result.stderr()).isEqualTo(2);
			assertThat(result.stderr().strip()).as("one line")
				.doesNotContain("\n")
				.startsWith("error: '" + typo[0] + "' is not a command")
				.contains("audit, keys, token, user");
			assertThat(result.stdout()).isEmpty();
			assertThat(dataDir).as("nothing opened the data directory").doesNotExist();
		}
	}

	/**
	 * Arguments that break a rule are usage errors, found before the database and key
	 * ring are opened (seconds rather than the half minute a Spring start can take on a
	 * busy machine): the data directory is never created.
	 */
	@Test
	void argumentsThatBreakARule_areUsageErrors_foundBeforeTheDataDirectoryIsOpened(@TempDir Path temp)
			throws Exception {
		Path dataDir = temp.resolve("data");
		String[][] cases = { { "user", "quota", "bob", "lots" }, { "token", "create", "bob", "--expires-in", "0" },
				{ "token", "create", "bob", "--name", " " }, { "user", "add", "x" } };
		String[] messages = { "like 500MiB", "1 to 3650 days", "1 to 64 characters", "3" };
		for (int i = 0; i < cases.length; i++) {
			ChildJvm.Result result = ChildJvm.runWithin(Duration.ofSeconds(90), dataDir, Map.of(), "password\n",
					cases[i]);
			assertThat(result.exitCode()).as(String.join(" ", cases[i]) + ": " + result.stderr()).isEqualTo(2);
			assertThat(result.stderr()).startsWith("error: ").contains(messages[i]).contains("Usage:");
			assertThat(result.stdout()).isEmpty();
			assertThat(dataDir).as("nothing opened the data directory").doesNotExist();
		}
	}

}
