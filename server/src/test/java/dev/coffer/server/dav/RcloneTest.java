package dev.coffer.server.dav;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * rclone (Debian package {@code rclone}, which {@code .ci/run} installs), its
 * {@code webdav} backend as {@code vendor=other}, against a real server over HTTPS with
 * the server's certificate as its CA: a tree of 1,000 files goes up and comes back down,
 * and {@code rclone check --download} (which compares the bytes, as WebDAV gives rclone
 * no checksums) finds no difference either way.
 */
class RcloneTest {

	static TestServer server;

	static Map<String, String> remote;

	@BeforeAll
	static void start() throws Exception {
		server = TestServer.start();
		String token = DavAccounts.tokenOf(server, "rclone");
		remote = Map.of("RCLONE_CONFIG_COFFER_TYPE", "webdav", "RCLONE_CONFIG_COFFER_URL", server.baseUrl() + "/dav/",
				"RCLONE_CONFIG_COFFER_VENDOR", "other", "RCLONE_CONFIG_COFFER_USER", "rclone",
				"RCLONE_CONFIG_COFFER_PASS", rclone(Map.of(), "obscure", token).strip());
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void aTreeOf1000Files_goesUpAndComesBack_withNoDifferences() throws Exception {
		Path work = Files.createTempDirectory("rclone-");
		Path tree = work.resolve("tree");
		Random random = new Random(42);
		for (int i = 0; i < 1000; i++) {
			// Some names with characters a URL must encode: "%" and ";".
			String name = "file-" + i + ((i % 250 == 3) ? "; 100% done" : "") + " é.bin";
			Path file = tree.resolve("folder " + (i % 10)).resolve("sub-" + (i % 3)).resolve(name);
			Files.createDirectories(file.getParent());
			// Every hundredth file empty.
			byte[] content = new byte[(i % 100 == 7) ? 0 : 1 + random.nextInt(8192)];
			random.nextBytes(content);
			Files.write(file, content);
		}
		String ca = server.certificateFile().toString();
		rclone(remote, "copy", "--ca-cert", ca, tree.toString(), "coffer:tree");
		rclone(remote, "check", "--download", "--ca-cert", ca, tree.toString(), "coffer:tree");
		Path back = work.resolve("back");
		rclone(remote, "copy", "--ca-cert", ca, "coffer:tree", back.toString());
		rclone(remote, "check", "--download", back.toString(), tree.toString());
		try (Stream<Path> files = Files.walk(back)) {
			assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(1000);
		}
	}

	/** Runs rclone; it must exit 0. @return what it wrote to standard output */
	private static String rclone(Map<String, String> environment, String... arguments)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("rclone", "--config", "/dev/null"));
		command.addAll(List.of(arguments));
		Path output = Files.createTempFile("rclone-", ".log");
		ProcessBuilder rclone = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
		rclone.environment().putAll(environment);
		Process process = rclone.start();
		assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("rclone %s finished", arguments[0]).isTrue();
		String text = Files.readString(output, StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as("rclone %s: %s", arguments[0], text).isZero();
		return text;
	}

}
