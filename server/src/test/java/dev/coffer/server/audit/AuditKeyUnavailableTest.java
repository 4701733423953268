package dev.coffer.server.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.coffer.server.support.ChildServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A data directory started with a key ring that is not the one its database was written
 * with (here: the key file gone, as after a restore that forgot it): the server does not
 * start, and says why and what to do in Spring Boot's failure report, not only in a stack
 * trace.
 */
class AuditKeyUnavailableTest {

	@TempDir
	Path temp;

	@Test
	@Timeout(300)
	void aStartWithoutTheKeyRingOfItsDatabase_failsWithAReportSayingWhatToDo() throws Exception {
		Path dataDir = this.temp.resolve("data");
		try (ChildServer first = ChildServer.start(dataDir, this.temp.resolve("first.log"), Duration.ofMinutes(2))) {
			first.stop();
		}
		Path keyFile = dataDir.resolve("keys/master.json");
		Files.move(keyFile, this.temp.resolve("master.json.elsewhere"));
		Path log = this.temp.resolve("second.log");

		assertThatIllegalStateException()
			.isThrownBy(() -> ChildServer.start(dataDir, log, Duration.ofMinutes(2)).close())
			.withMessageContaining("exited");

		String output = Files.readString(log);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.containsPattern("The audit MAC key \\S+ cannot be unwrapped: .*master key \\d+ is missing")
			.contains("Put back the key ring that goes with this database");
	}

}
