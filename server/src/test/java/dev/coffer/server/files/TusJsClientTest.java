package dev.coffer.server.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official tus client, {@code tus-js-client} under Node, uploads a file to the
 * running server in chunks, is stopped after the first one, and a new client resumes the
 * same upload from its URL: the file arrives whole, with its SHA-256, in several parts.
 * The package is fetched with the machine's npm into {@code target/tus-js-client} the
 * first time.
 */
class TusJsClientTest {

	/** The tus-js-client release the test runs. */
	static final String VERSION = "4.3.1";

	private static final Path INSTALL_DIR = Path.of("target", "tus-js-client");

	static TestServer server;

	static String token;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		WebClient alice = server.signedUp("alice", ResumableUploadsTest.PASSWORD);
		token = ConcurrentUploadsOnDatabasesTest.createToken(alice);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void tusJsClient_uploadsStopsAndResumes_theFileArrivesWhole(@TempDir Path work) throws Exception {
		byte[] content = ResumableUploadsTest.random(5 * 1024 * 1024 + 77, 41);
		Path file = work.resolve("upload.bin");
		Files.write(file, content);
		Path script = INSTALL_DIR.resolve("upload.js");
		installTusJsClient();
		try (var in = TusJsClientTest.class.getResourceAsStream("/tus/upload.js")) {
			Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		}
		Path log = work.resolve("node.log");
		ProcessBuilder node = new ProcessBuilder("node", script.toAbsolutePath().toString(),
				server.baseUrl() + "/api/v1/uploads", token, file.toString(), Integer.toString(2 * 1024 * 1024),
				"from-tus-js-client.bin")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		node.environment().put("NODE_EXTRA_CA_CERTS", server.certificateFile().toString());
		Process process = node.start();
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("node finished").isTrue();
		String output = Files.readString(log, StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as(output).isZero();
		assertThat(output).contains("STOPPED").contains("DONE");

		JdbcClient jdbc = server.bean(JdbcClient.class);
		String fileId = jdbc.sql("select id from files where name = 'from-tus-js-client.bin'")
			.query(String.class)
			.single();
		String sha256 = jdbc
			.sql("select v.sha256 from files f join file_versions v on v.id = f.current_version_id " + "where f.id = ?")
			.param(fileId)
			.query(String.class)
			.single();
		assertThat(sha256).isEqualTo(ResumableUploadsTest.sha256(content));
		int parts = jdbc
			.sql("select count(*) from blob_parts p join file_versions v on v.blob_id = p.blob_id "
					+ "join files f on f.current_version_id = v.id where f.id = ?")
			.param(fileId)
			.query(Integer.class)
			.single();
		assertThat(parts).as("one part per chunk").isGreaterThanOrEqualTo(3);
	}

	private static synchronized void installTusJsClient() throws IOException, InterruptedException {
		if (Files.isDirectory(INSTALL_DIR.resolve("node_modules/tus-js-client"))) {
			return;
		}
		Files.createDirectories(INSTALL_DIR);
		Process npm = new ProcessBuilder("npm", "install", "--no-save", "--no-audit", "--no-fund", "--ignore-scripts",
				"--prefix", INSTALL_DIR.toString(), "tus-js-client@" + VERSION)
			.redirectErrorStream(true)
			.redirectOutput(INSTALL_DIR.resolve("npm.log").toFile())
			.start();
		if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0
				|| !Files.isDirectory(INSTALL_DIR.resolve("node_modules/tus-js-client"))) {
			throw new IOException("npm install tus-js-client@" + VERSION + " failed: "
					+ Files.readString(INSTALL_DIR.resolve("npm.log"), StandardCharsets.UTF_8));
		}
	}

}
