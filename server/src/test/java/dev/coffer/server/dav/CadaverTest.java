package dev.coffer.server.dav;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.server.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * cadaver (Debian package {@code cadaver}, which {@code .ci/run} installs), a
 * command-line WebDAV client, against a real server over HTTPS: a file is put, put again
 * over itself, moved and deleted, one scripted session per step, and the server is looked
 * at after each.
 * <p>
 * cadaver signs in with the user name and token of a {@code ~/.netrc} in a home of the
 * test's own. It trusts only the system's certificate authorities, and asks whether to
 * accept any other certificate, as it does a person at a terminal, only when its input is
 * a terminal (otherwise it rejects it): so each session runs under {@code script}
 * (util-linux), which gives it a pseudo-terminal, and answers {@code y}, as the person
 * would after comparing the certificate with the one the server printed. That is this
 * test's own server on loopback; the answer is never given for anything else.
 */
class CadaverTest {

	static TestServer server;

	static Path home;

	static Path work;

	/** What the server holds, seen by another client. */
	static DavClient client;

	@BeforeAll
	static void start() throws IOException {
		server = TestServer.start();
		String token = DavAccounts.tokenOf(server, "cadaver");
		client = new DavClient(server, "cadaver", token);
		home = Files.createTempDirectory("cadaver-home-");
		Path netrc = home.resolve(".netrc");
		Files.writeString(netrc, "machine localhost login cadaver password " + token + "\n");
		Files.setPosixFilePermissions(netrc, PosixFilePermissions.fromString("rw-------"));
		work = Files.createTempDirectory("cadaver-work-");
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void putOverwriteMoveAndDelete_throughScriptedSessions() throws Exception {
		Files.writeString(work.resolve("report.txt"), "first draft\n");
		Files.writeString(work.resolve("report-v2.txt"), "second draft\n");

		String put = cadaver("put report.txt");
		assertThat(put).contains("Untrusted server certificate").contains("succeeded");
		assertThat(content("/dav/report.txt")).isEqualTo("first draft\n");

		cadaver("put report-v2.txt report.txt");
		assertThat(content("/dav/report.txt")).isEqualTo("second draft\n");
		assertThat(jdbc()
			.sql("select count(*) from file_versions v join files f on f.id = v.file_id "
					+ "where f.name = 'report.txt' and f.trashed_at is null")
			.query(Long.class)
			.single()).as("overwriting adds a version").isEqualTo(2);

		cadaver("mkcol archive", "move report.txt archive/report.txt");
		assertThat(client.get("/dav/report.txt").statusCode()).isEqualTo(404);
		assertThat(content("/dav/archive/report.txt")).isEqualTo("second draft\n");

		cadaver("delete archive/report.txt");
		assertThat(client.get("/dav/archive/report.txt").statusCode()).isEqualTo(404);
		assertThat(jdbc().sql("select count(*) from files where trashed_name = 'report.txt' and trashed_at is not null")
			.query(Long.class)
			.single()).as("in the trash").isEqualTo(1);

		String listing = cadaver("ls archive");
		assertThat(listing).contains("Listing collection `/dav/archive/': collection is empty.");
	}

	/**
	 * One cadaver session at {@code /dav/}: accepts the certificate, runs the commands,
	 * quits. @return what it wrote to its terminal
	 */
	private static String cadaver(String... commands) throws IOException, InterruptedException {
		Path log = Files.createTempFile(work, "cadaver-", ".log");
		ProcessBuilder builder = new ProcessBuilder("script", "--quiet", "--return", "--command",
				"cadaver " + server.baseUrl() + "/dav/", "/dev/null")
			.directory(work.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().put("HOME", home.toString());
		builder.environment().put("TERM", "dumb");
		Process process = builder.start();
		try (OutputStream in = process.getOutputStream()) {
			in.write(("y\n" + String.join("\n", commands) + "\nquit\n").getBytes(StandardCharsets.UTF_8));
		}
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("cadaver finished").isTrue();
		String output = Files.readString(log, StandardCharsets.UTF_8);
		System.out.println(output);
		assertThat(process.exitValue()).as(output).isZero();
		assertThat(output).doesNotContain("failed:").doesNotContain("Certificate rejected");
		return output;
	}

	private static String content(String path) {
		var response = client.get(path);
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return new String(response.body(), StandardCharsets.UTF_8);
	}

	private static JdbcClient jdbc() {
		return server.bean(JdbcClient.class);
	}

}
