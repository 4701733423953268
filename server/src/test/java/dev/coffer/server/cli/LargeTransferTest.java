package dev.coffer.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.coffer.cli.CofferCli;
import dev.coffer.server.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code coffer} client moving a file larger than 2 GiB up and down in its own JVM
 * with a 128 MiB heap, as a user would run it: memory must not grow with the file, and
 * what comes back must be what went up. The content comes from a seeded generator and is
 * written to disk once (the upload's source); the download is hashed as it streams out of
 * the client, not stored.
 */
class LargeTransferTest {

	static final long SIZE = (2L << 30) + 12_345;

	static final String PASSWORD = "correct horse battery staple";

	static TestServer server;

	static String fingerprint;

	@TempDir
	Path home;

	@BeforeAll
	static void start() throws Exception {
		server = TestServer.start();
		server.client().signUp("alice", PASSWORD);
		fingerprint = server.certificateFingerprint();
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void putAndGet_ofMoreThan2GiB_withTheClientAt128MiBHeap_bringBackTheSameSha256() throws Exception {
		Path config = this.home.resolve("xdg");
		Coffer.Result login = new Coffer(config.resolve("coffer")).stdin(token())
			.run("login", server.baseUrl(), "--token-stdin", "--fingerprint", fingerprint);
		assertThat(login.exitCode()).as(login.toString()).isZero();
		Path source = this.home.resolve("large.bin");
		String sent = writeSeeded(source, SIZE, 2026);

		Client put = client(config, null, "put", source.toString(), "--name", "large.bin");
		assertThat(put.exitCode()).as(put.err()).isZero();
		assertThat(put.err()).contains("Uploaded large.bin: version 1").contains(sent);
		Files.delete(source);

		Client get = client(config, MessageDigest.getInstance("SHA-256"), "get", "large.bin", "-o", "-");
		assertThat(get.exitCode()).as(get.err()).isZero();
		assertThat(get.bytes()).isEqualTo(SIZE);
		assertThat(get.sha256()).isEqualTo(sent);
		assertThat(put.err() + get.err()).doesNotContain("OutOfMemoryError");
	}

	/** What the client in its own JVM did: exit code, standard error, standard output. */
	record Client(int exitCode, String err, long bytes, String sha256) {
	}

	/**
	 * Runs the client in a JVM of its own at {@code -Xmx128m}; its standard output is
	 * hashed with {@code stdout} if given.
	 */
	private static Client client(Path config, MessageDigest stdout, String... args) throws Exception {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-cp",
						System.getProperty("java.class.path"), CofferCli.class.getName()));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command)
			.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
		builder.environment().put("XDG_CONFIG_HOME", config.toString());
		Process process = builder.start();
		CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> text(process.getErrorStream()));
		long bytes = 0;
		try (InputStream out = process.getInputStream()) {
			byte[] buffer = new byte[1 << 20];
			int n;
			while ((n = out.read(buffer)) >= 0) {
				if (stdout != null) {
					stdout.update(buffer, 0, n);
				}
				bytes += n;
			}
		}
		if (!process.waitFor(10, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new AssertionError("coffer " + String.join(" ", args) + " did not finish in 10 minutes");
		}
		return new Client(process.exitValue(), err.join(), bytes,
				(stdout != null) ? HexFormat.of().formatHex(stdout.digest()) : null);
	}

	private static String text(InputStream in) {
		try (in) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "";
		}
	}

	/** {@code size} bytes from a seeded generator; returns their SHA-256. */
	private static String writeSeeded(Path file, long size, long seed) throws Exception {
		SplittableRandom random = new SplittableRandom(seed);
		MessageDigest digest = MessageDigest.getInstance("SHA-256");
		byte[] block = new byte[1 << 20];
		try (OutputStream out = Files.newOutputStream(file)) {
			for (long left = size; left > 0;) {
				int n = (int) Math.min(block.length, left);
				random.nextBytes(block);
				digest.update(block, 0, n);
				out.write(block, 0, n);
				left -= n;
			}
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	/** A token made on the account page, as a user would for --token-stdin. */
	private static String token() {
		return Coffer.accountPageToken(server, "alice", PASSWORD, "large transfers");
	}

}
