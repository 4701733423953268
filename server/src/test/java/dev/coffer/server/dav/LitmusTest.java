package dev.coffer.server.dav;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code litmus} WebDAV compliance suite (Debian package {@code litmus}, which
 * {@code .ci/run} installs) against a real server over HTTPS, signed in with HTTP Basic
 * and an access token. litmus (through neon) accepts the server's self-signed
 * certificate: it installs a verification callback that ignores certificate failures,
 * which is why no CA file is needed here; the connection is still TLS.
 * <p>
 * The suites this server claims: {@code basic}, {@code copymove}, {@code props}
 * (PROPPATCH with dead properties) and {@code locks} (class 2: LOCK, UNLOCK and the
 * {@code If} header); docs/WEBDAV.md records how {@code http} fares.
 */
class LitmusTest {

	static TestServer server;

	static String token;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		token = DavAccounts.tokenOf(server, "litmus");
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void basic_passesWithNoFailures() throws Exception {
		String output = litmus("basic");
		assertThat(output).contains("<- summary for `basic': of 16 tests run: 16 passed, 0 failed.");
	}

	@Test
	void copymove_passesWithNoFailures() throws Exception {
		String output = litmus("copymove");
		assertThat(output).containsPattern("<- summary for `copymove': of \\d+ tests run: \\d+ passed, 0 failed.");
	}

	@Test
	void props_passesWithNoFailures() throws Exception {
		String output = litmus("props");
		assertThat(output).containsPattern("<- summary for `props': of \\d+ tests run: \\d+ passed, 0 failed.")
			.doesNotContain("SKIPPED");
	}

	/**
	 * Every locking test passes, including the two whose {@code If} header,
	 * {@code (<token>
	 * [etag]) (Not <DAV:no-lock> [etag])}, litmus prints into a 200-byte buffer: WebDAV's
	 * ETag is short enough for a {@code urn:uuid:} token and two of them to fit. The
	 * header as sent (debug.log) is checked whole.
	 */
	@Test
	void locks_passesWithNoFailures_andSkipsNothing() throws Exception {
		Path directory = Files.createTempDirectory("litmus-");
		String output = litmus("locks", directory, false);
		assertThat(output).contains("<- summary for `locks': of 41 tests run: 41 passed, 0 failed.")
			.doesNotContain("SKIPPED")
			.doesNotContain("locking tests skipped")
			.doesNotContain("WARNING");
		List<String> conditional = Files.readAllLines(directory.resolve("debug.log"), StandardCharsets.ISO_8859_1)
			.stream()
			.map(String::strip)
			.filter((line) -> line.startsWith("If: (<urn:uuid:") && line.contains("(Not <DAV:no-lock> ["))
			.toList();
		assertThat(conditional).as("the headers litmus sent").isNotEmpty().allSatisfy((header) -> {
			assertThat(header).endsWith("])").hasSizeLessThan("If: ".length() + 199);
		});
	}

	private static String litmus(String suite) throws IOException, InterruptedException {
		return litmus(suite, Files.createTempDirectory("litmus-"), true);
	}

	private static String litmus(String suite, Path directory, boolean passes)
			throws IOException, InterruptedException {
		Path log = Files.createTempFile("litmus-", ".log");
		ProcessBuilder litmus = new ProcessBuilder("litmus", server.baseUrl() + "/dav/", "litmus", token)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.directory(directory.toFile());
		litmus.environment().put("TESTS", suite);
		Process process = litmus.start();
		assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("litmus finished").isTrue();
		String output = Files.readString(log, StandardCharsets.UTF_8);
		System.out.println(output);
		if (passes) {
			assertThat(process.exitValue()).as(output).isZero();
		}
		return output;
	}

}
